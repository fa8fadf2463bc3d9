export const id = 939;
export const ids = [939];
export const modules = {

/***/ 1939:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkBlueprint: () => (/* binding */ checkBlueprint)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/core/untrusted.ts + 1 modules
var untrusted = __webpack_require__(8603);
;// CONCATENATED MODULE: ./src/checker/rules.ts
const REFERENCE = 'Devin blueprint reference';
const OBSERVED = 'public .devin/blueprint.yaml files';
const YAML_SPEC = 'YAML 1.2 specification';
const RULES = {
    'yaml-syntax': {
        severity: 'error',
        catches: 'text that is not valid YAML (the first problem in each document)',
        why: 'Devin cannot read the file, so no section of it runs',
        source: `${YAML_SPEC}; ${OBSERVED} (an unquoted ": " inside a value)`
    },
    'duplicate-key': {
        severity: 'warning',
        catches: 'a key written twice in the same map',
        why: "YAML 1.2 forbids it, but Python's YAML readers (PyYAML, libyaml) accept it and keep the last value: the first is ignored",
        source: YAML_SPEC
    },
    'tab-indent': {
        severity: 'error',
        catches: 'a tab in the indentation of a line',
        why: 'YAML indents with spaces only; a tab makes the file unreadable',
        source: YAML_SPEC
    },
    'yaml-warning': {
        severity: 'warning',
        catches: 'an unknown tag (`!name`) or directive (`%NAME`)',
        why: 'other YAML readers refuse the file or read the value differently',
        source: YAML_SPEC
    },
    'document-type': {
        severity: 'error',
        catches: 'a document that is a list or a single value instead of a map of sections',
        why: 'a blueprint is a map of sections; Devin has nothing to read in anything else',
        source: REFERENCE
    },
    'does-nothing': {
        severity: 'notice',
        catches: 'an empty file, document, section, list item or `run`; `true`, `:` or only comments',
        why: 'it is accepted and runs nothing; often a placeholder that was meant to be filled in',
        source: OBSERVED
    },
    'unknown-key': {
        severity: 'warning',
        catches: 'a top-level key other than the five sections, `runs-on`, `shell` and `description`',
        why: 'Devin ignores it; usually a misspelt section (the nearest known key is named)',
        source: `${REFERENCE}; ${OBSERVED} (runs-on, shell, description)`
    },
    'runs-on': {
        severity: 'warning',
        catches: '`runs-on` other than `default`, `macos` or `windows`',
        why: 'public blueprints use only these three platforms, one document each',
        source: OBSERVED
    },
    'post-build-in-repo': {
        severity: 'warning',
        catches: '`post-build` in a repo blueprint',
        why: 'post-build is for org and enterprise blueprints only: in a repo blueprint it does not run',
        source: REFERENCE
    },
    'clone-outside-repo': {
        severity: 'warning',
        catches: '`clone` in an org or enterprise blueprint',
        why: 'clone applies to repo blueprints only: elsewhere it has no effect',
        source: REFERENCE
    },
    'section-type': {
        severity: 'error',
        catches: '`initialize`, `maintenance` or `post-build` that is not a block string or a list of steps, or a list item that is neither a step nor a string',
        why: 'a section is one command string or a list of steps; Devin cannot run anything else',
        source: REFERENCE
    },
    'step-action': {
        severity: 'error',
        catches: 'a step with neither or both of `run` and `uses`',
        why: 'a step runs exactly one command or one action',
        source: REFERENCE
    },
    'step-key': {
        severity: 'warning',
        catches: 'a step key other than `name`, `run`, `uses`, `with`, `env` and `shell`',
        why: 'Devin ignores it (GitHub Actions keys such as `if` or `working-directory` included)',
        source: `${REFERENCE}; ${OBSERVED} (shell)`
    },
    'step-with-on-run': {
        severity: 'warning',
        catches: '`with` on a `run` step',
        why: '`with` passes inputs to an action; a command step ignores it',
        source: REFERENCE
    },
    'step-field-type': {
        severity: 'error',
        catches: '`name`, `run` or `uses` that is not text, or `with` or `env` that is not a map',
        why: 'Devin reads these fields with these types only',
        source: REFERENCE
    },
    'uses-format': {
        severity: 'error',
        catches: '`uses` that is not `github.com/<owner>/<repo>[/<path>]@<ref>` (the corrected form when it can be guessed)',
        why: 'the github.com/ prefix and the @<ref> are both required: Devin cannot fetch the action otherwise',
        source: REFERENCE
    },
    'value-changed': {
        severity: 'warning',
        catches: 'an unquoted value in `with` or `env` that YAML turns into something else (`3.10` into 3.1, `1_000`, `010`, `yes`, `on`, an empty value), and a `clone` flag written yes/no/on/off',
        why: 'Devin passes every value as text: the action or command gets the changed text, not what was written',
        source: `${REFERENCE} (values are turned into strings; quote versions); YAML 1.1 and 1.2 specifications`
    },
    'value-not-text': {
        severity: 'warning',
        catches: 'a value in `with` or `env` that is a map or a list',
        why: 'Devin turns every value into text: a map or list arrives as its printed form',
        source: REFERENCE
    },
    'knowledge-item': {
        severity: 'error',
        catches: '`knowledge` that is not a list, or an item that is not a map with text `name` and `contents`',
        why: 'each knowledge item is a name and its contents; an item lacking either cannot be read',
        source: REFERENCE
    },
    'knowledge-key': {
        severity: 'warning',
        catches: 'a knowledge item key other than `name` and `contents`',
        why: 'Devin ignores it',
        source: `${REFERENCE}; ${OBSERVED}`
    },
    'clone-field': {
        severity: 'error',
        catches: '`clone` that is not a map, or a field of the wrong type (path and ref text, depth a whole number ≥ 0, tags and lfs true/false, submodules true/false/recursive)',
        why: 'Devin reads the clone fields with these types only',
        source: REFERENCE
    },
    'clone-ref-sha': {
        severity: 'error',
        catches: '`clone.ref` that is a full commit SHA (40 or 64 hex characters)',
        why: 'clone.ref takes a branch or a tag: commit SHAs are not supported',
        source: REFERENCE
    },
    'clone-key': {
        severity: 'warning',
        catches: 'a `clone` key other than `path`, `ref`, `depth`, `tags`, `submodules` and `lfs`',
        why: 'Devin ignores it',
        source: REFERENCE
    },
    'file-name': {
        severity: 'notice',
        catches: 'a file in `.devin/` other than `blueprint.yaml` (e.g. the older `environment.yaml`, or `blueprint.yml`)',
        why: 'a git-backed blueprint is synced from `.devin/blueprint.yaml` only',
        source: 'Devin git-backed blueprints guide'
    }
};

;// CONCATENATED MODULE: ./src/checker/tree.ts
// Walking a parsed document without recursion (a deep file cannot exhaust the stack) and without
// following aliases (an alias is a leaf: nothing is expanded), in the order of the file.

/** Calls `visit` on every node of `document`, keys included, each once, in the order of the file. */
function walk(document, visit) {
    const stack = [document.contents];
    while (stack.length) {
        const node = stack.pop();
        if (!(0,dist/* isNode */.Ll)(node))
            continue;
        visit(node);
        if ((0,dist/* isMap */.jh)(node)) {
            const pairs = node.items;
            for (let i = pairs.length - 1; i >= 0; i--)
                stack.push(pairs[i].value, pairs[i].key);
        }
        else if ((0,dist/* isSeq */.oP)(node)) {
            for (let i = node.items.length - 1; i >= 0; i--)
                stack.push(node.items[i]);
        }
    }
}
/**
 * The node each alias of `document` names: the last node anchored with its name before it. One
 * walk for all of them, where the library's own `resolve` walks the whole document for each alias.
 */
function aliasTargets(document) {
    const anchors = new Map();
    const targets = new Map();
    walk(document, node => {
        if ((0,dist/* isAlias */.Vj)(node)) {
            const target = anchors.get(node.source);
            if (target)
                targets.set(node, target);
        }
        else if (node.anchor) {
            anchors.set(node.anchor, node);
        }
    });
    return targets;
}

;// CONCATENATED MODULE: ./src/checker/context.ts
// What the rules share while they read one file: where to put findings and actions, positions from
// the YAML parser, and a bounded way through aliases.




/** How much of the file's text a message quotes: enough to recognise it, never a flood. */
const QUOTE_MAX_CHARS = 60;
class CheckContext {
    file;
    /** The nodes already checked, by the role they were checked in: an alias used twice is read once. */
    checked = new Map();
    /** The node each alias names, found in one walk of the document. */
    aliases;
    constructor(file, document) {
        this.file = file;
        this.aliases = aliasTargets(document);
    }
    get tier() {
        return this.file.tier;
    }
    report(rule, place, message) {
        addFinding(this.file, rule, place, message);
    }
    addAction(reference, place) {
        this.file.actions.push({ ...reference, ...positionOf(this.file, place) });
    }
    /**
     * The node an alias stands for (a node is its own), or null for a missing value. Aliases are
     * never expanded into copies: each is one step to the node its anchor names.
     */
    resolve(node) {
        if ((0,dist/* isAlias */.Vj)(node))
            return this.aliases.get(node) ?? null;
        return (0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node) || (0,dist/* isScalar */.jn)(node) ? node : null;
    }
    /**
     * True the first time `node` is checked in `role`: a node reached again through an alias has its
     * findings already, at its own place. This keeps the work bounded by the size of the file.
     */
    firstVisit(role, node) {
        let nodes = this.checked.get(role);
        if (!nodes)
            this.checked.set(role, (nodes = new Set()));
        if (nodes.has(node))
            return false;
        nodes.add(node);
        return true;
    }
}
/** A finding of `rule` at `place`, with the rule's severity. */
function addFinding(file, rule, place, message) {
    file.findings.push({ rule, severity: RULES[rule].severity, message, ...positionOf(file, place) });
}
/** 1-based line and column of `place`, and where it ends (just past its last character that is not a space). */
function positionOf(file, place) {
    const [start, rawEnd] = (0,dist/* isNode */.Ll)(place) ? (place.range ?? [0, 0]) : place;
    let end = Math.min(rawEnd, file.text.length);
    while (end > start && /\s/.test(file.text[end - 1]))
        end--;
    const from = linePos(file.lines, start);
    if (end <= start)
        return { line: from.line, column: from.col };
    const to = linePos(file.lines, end);
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}
/** Where `offset` is, 1-based; the file's start when the parser stopped before counting lines. */
function linePos(lines, offset) {
    const { line, col } = lines.linePos(offset);
    return line < 1 ? { line: 1, col: 1 } : { line, col };
}
/** A key's text, or undefined for a key that is not text (a list, a map, an empty key). */
function keyName(pair) {
    if (!(0,dist/* isScalar */.jn)(pair.key) || pair.key.value === null || typeof pair.key.value === 'object')
        return undefined;
    return String(pair.key.value);
}
/** Where to report about a pair as a whole: its key, or its value when the key is missing. */
function placeOfPair(pair) {
    for (const node of [pair.key, pair.value])
        if ((0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node) || (0,dist/* isScalar */.jn)(node) || (0,dist/* isAlias */.Vj)(node))
            return node;
    return [0, 0];
}
/** What a value is, in the words a message uses: "a list", "text", "a number", "empty". */
function kindOf(node) {
    if (node === null)
        return 'empty';
    if ((0,dist/* isMap */.jh)(node))
        return 'a map';
    if ((0,dist/* isSeq */.oP)(node))
        return 'a list';
    if (!(0,dist/* isScalar */.jn)(node))
        return 'an alias';
    const value = node.value;
    if (value === null)
        return 'empty';
    if (typeof value === 'string')
        return 'text';
    if (typeof value === 'boolean')
        return String(value);
    if (typeof value === 'number' || typeof value === 'bigint')
        return 'a number';
    return 'a value that is not text';
}
/** True when `node` is missing, or a scalar with no value (`key:` or `~`). */
function isEmpty(node) {
    return node === null || ((0,dist/* isScalar */.jn)(node) && node.value === null);
}
/** The file's text in a message: one plain line, bounded, between backticks. The file is untrusted. */
function quote(text) {
    return `\`${(0,untrusted/* serverText */.Tn)(text, QUOTE_MAX_CHARS)}\``;
}

;// CONCATENATED MODULE: ./src/checker/suggest.ts
// The known key an unknown one most likely meant: a word people use for it (`setup` for
// `initialize`), the same key written differently (`Post_Build`), or a near spelling (`initialise`).
/** Keys longer than this are not a misspelling of a short key; comparing them is wasted work. */
const LONGEST_COMPARED = 40;
/** The answers so far for each set of known keys: a file may repeat one unknown key many times. */
const answers = new WeakMap();
/** The known key `word` most likely meant, or undefined when none is close. */
function nearestKey(word, known) {
    if (word.length > LONGEST_COMPARED)
        return undefined;
    let answered = answers.get(known);
    if (!answered)
        answers.set(known, (answered = new Map()));
    if (!answered.has(word))
        answered.set(word, nearest(word, known));
    return answered.get(word);
}
function nearest(word, known) {
    const normal = word
        .trim()
        .toLowerCase()
        .replace(/[_\s]+/g, '-');
    const exact = known.keys.find(key => key === normal) ?? known.synonyms?.[normal];
    if (exact)
        return exact;
    let best;
    let bestDistance = Infinity;
    for (const key of known.keys) {
        // One edit for a short key, one per three letters of a longer one: close enough to be a slip.
        const allowed = Math.max(1, Math.floor(key.length / 3));
        if (Math.abs(normal.length - key.length) > allowed)
            continue;
        const distance = editDistance(normal, key);
        if (distance <= allowed && distance < bestDistance) {
            best = key;
            bestDistance = distance;
        }
    }
    return best;
}
/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
function editDistance(a, b) {
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
        rows.push([i]);
        for (let j = 1; j <= b.length; j++) {
            if (i === 0) {
                rows[i].push(j);
                continue;
            }
            const substitute = rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            let cost = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, substitute);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                cost = Math.min(cost, rows[i - 2][j - 2] + 1);
            rows[i].push(cost);
        }
    }
    return rows[a.length][b.length];
}

;// CONCATENATED MODULE: ./src/checker/rules/values.ts
// value-changed, value-not-text: Devin passes every `with` and `env` value as text, so an unquoted
// value that YAML reads as something else (a number, true/false, null, a date) arrives changed.
// Which YAML Devin reads with is not published: a value is flagged when YAML 1.1 or 1.2 changes it.


/** The tags each YAML version picks an unquoted value's type by (core is YAML 1.2's). */
const READERS = {
    '1.1': defaultScalarTags('yaml-1.1'),
    '1.2': defaultScalarTags('core')
};
function defaultScalarTags(schema) {
    return new dist/* Schema */.Sj({ schema }).tags.filter((tag) => tag.default === true && !tag.collection && tag.test !== undefined);
}
const SINGLE_LETTER_FLAG = /^[yYnN]$/;
/** How YAML `version` reads the unquoted `text`, and how that value is written back as text. */
function read(version, text) {
    // YAML 1.1 lists y/Y/n/N as booleans, but its common readers (PyYAML, which a Python service is
    // likeliest to use) keep them as text: an env var named `N` or a value `y` is not flagged.
    if (version === '1.1' && SINGLE_LETTER_FLAG.test(text))
        return { version, value: text, texts: [text] };
    const tag = READERS[version].find(candidate => candidate.test?.test(text));
    if (!tag)
        return { version, value: text, texts: [text] };
    let value = tag.resolve(text, () => undefined, {});
    if ((0,dist/* isScalar */.jn)(value))
        value = value.value;
    return { version, value, texts: textsOf(value, text, tag.tag.endsWith(':float')) };
}
function textsOf(value, text, float) {
    if (value === null)
        return [];
    if (typeof value === 'number') {
        const python = float && Number.isInteger(value) && Math.abs(value) < 1e16 ? [`${value}.0`] : [];
        return [String(value), ...python];
    }
    // A boolean as JavaScript writes it (true) and as Python does (True): which one Devin uses is not known.
    if (typeof value === 'boolean')
        return [String(value), value ? 'True' : 'False'];
    if (typeof value === 'string' || typeof value === 'bigint')
        return [String(value)];
    // A date alone is written back as it was (Python's str of a date); a time with it is not.
    return value instanceof Date && /^\d{4}-\d{2}-\d{2}$/.test(text) ? [text] : [];
}
/** The readings of an unquoted `text` that change it, or none. */
function changingReadings(text) {
    return ['1.2', '1.1'].map(version => read(version, text)).filter(reading => !reading.texts.includes(text));
}
/** True when `node` is written unquoted and untagged: the only form YAML picks a type for. */
function isPlain(node) {
    return (0,dist/* isScalar */.jn)(node) && node.type === 'PLAIN' && !node.tag && typeof node.source === 'string';
}
function describe(value) {
    if (value === null)
        return 'null (no value)';
    if (typeof value === 'number' || typeof value === 'bigint')
        return `the number ${String(value)}`;
    if (value instanceof Date)
        return 'a date';
    return String(value);
}
/** What YAML makes of `text`, e.g. "YAML reads `3.10` as the number 3.1", or undefined when it keeps it. */
function changeOf(text) {
    const changing = changingReadings(text);
    if (changing.length === 0)
        return undefined;
    const written = text === '' ? 'an empty value' : quote(text);
    const [first, second] = changing;
    if (second && describe(first.value) === describe(second.value))
        return `YAML reads ${written} as ${describe(first.value)}`;
    const other = second
        ? `YAML ${second.version} as ${describe(second.value)}`
        : `YAML ${first.version === '1.1' ? '1.2' : '1.1'} as text`;
    return `YAML ${first.version} reads ${written} as ${describe(first.value)} and ${other}`;
}
/** Each key and value of a step's `with` or `env` map. */
function checkValues(context, field, map) {
    for (const pair of map.items) {
        // `<<: *anchor` merges another map's variables in (PyYAML and libyaml do): not a value of its own.
        if ((0,dist/* isScalar */.jn)(pair.key) && pair.key.value === '<<')
            continue;
        if (isPlain(pair.key)) {
            const change = changeOf(pair.key.source);
            if (change)
                context.report('value-changed', pair.key, `${change}, so the key Devin passes is not the one written: quote it.`);
        }
        const value = context.resolve(pair.value);
        const name = keyName(pair) ?? 'this key';
        if ((0,dist/* isMap */.jh)(value) || (0,dist/* isSeq */.oP)(value)) {
            if (context.firstVisit(`${field} value`, value)) {
                context.report('value-not-text', value, `The \`${field}\` value of ${quote(name)} is ${(0,dist/* isMap */.jh)(value) ? 'a map' : 'a list'}: Devin passes every value as text; write it as a string.`);
            }
            continue;
        }
        const written = pair.value === null ? '' : isPlain(value) ? value.source : undefined;
        if (written === undefined)
            continue;
        const change = changeOf(written);
        if (!change)
            continue;
        const fix = written === '' || changingReadings(written).some(reading => reading.value === null)
            ? "write '' for empty text, or quote the value"
            : `quote it (${quote(`"${written}"`)})`;
        // An empty value has no text of its own to point at: its key stands for it.
        const place = written === '' && (0,dist/* isScalar */.jn)(pair.key) ? pair.key : (value ?? map);
        context.report('value-changed', place, `${change}, so Devin passes something other than what is written for ${quote(name)}: ${fix}.`);
    }
}
/**
 * A flag written yes/no/on/off: true or false to YAML 1.1, text to YAML 1.2. Returns the
 * message for it, or undefined when YAML 1.2 reads `node` as true/false as well.
 */
function flagChange(node) {
    if (!isPlain(node) || typeof read('1.1', node.source).value !== 'boolean')
        return undefined;
    if (typeof read('1.2', node.source).value === 'boolean')
        return undefined;
    return `${changeOf(node.source)}: write true or false.`;
}

;// CONCATENATED MODULE: ./src/checker/rules/clone.ts
// clone-outside-repo, clone-field, clone-ref-sha, clone-key: `clone` (repo blueprints only) is a map
// of optional fields: path and ref (text), depth (a whole number), tags, submodules and lfs (flags).




const CLONE_KEYS = {
    keys: ['path', 'ref', 'depth', 'tags', 'submodules', 'lfs'],
    synonyms: {
        branch: 'ref',
        tag: 'ref',
        rev: 'ref',
        revision: 'ref',
        commit: 'ref',
        dir: 'path',
        directory: 'path',
        folder: 'path',
        'fetch-depth': 'depth',
        shallow: 'depth',
        submodule: 'submodules',
        recursive: 'submodules',
        'git-lfs': 'lfs',
        'fetch-tags': 'tags'
    }
};
/** A full commit id: SHA-1 or SHA-256. */
const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
/** What a reader that converts text to a flag takes as one; a quoted `"true"` is not a mistake worth a finding. */
const FLAG_TEXT = /^(?:true|false)$/i;
function checkClone(context, pair) {
    if (context.tier !== 'repo') {
        context.report('clone-outside-repo', placeOfPair(pair), `\`clone\` applies to repo blueprints only: in an ${context.tier} blueprint it has no effect.`);
    }
    const fields = context.resolve(pair.value);
    if (isEmpty(fields)) {
        context.report('does-nothing', placeOfPair(pair), '`clone` is empty: it changes nothing.');
        return;
    }
    if (!(0,dist/* isMap */.jh)(fields)) {
        context.report('clone-field', fields ?? placeOfPair(pair), `\`clone\` is ${kindOf(fields)}: write a map of clone fields (${CLONE_KEYS.keys.join(', ')}).`);
        return;
    }
    if (!context.firstVisit('clone', fields))
        return;
    for (const field of fields.items) {
        const name = keyName(field);
        const value = context.resolve(field.value);
        if (name === '<<')
            continue;
        if (name === undefined || !CLONE_KEYS.keys.includes(name)) {
            const nearest = name === undefined ? undefined : nearestKey(name, CLONE_KEYS);
            const hint = nearest ? ` Did you mean \`${nearest}\`?` : ` It has ${CLONE_KEYS.keys.join(', ')}.`;
            context.report('clone-key', placeOfPair(field), `${name === undefined ? 'A key that is not text' : quote(name)} is not a clone field: Devin ignores it.${hint}`);
        }
        else if (!isEmpty(value)) {
            const problem = (0,dist/* isScalar */.jn)(value) ? fieldProblem(name, value) : `is ${kindOf(value)}`;
            if (problem)
                report(context, name, value ?? placeOfPair(field), problem);
        }
    }
}
/** What is wrong with the value of clone field `name`: "is a number", or a finding of another rule. */
function fieldProblem(name, value) {
    const text = typeof value.source === 'string' ? value.source : String(value.value);
    switch (name) {
        case 'path':
            return typeof value.value === 'string'
                ? undefined
                : `is ${kindOf(value)}: write the folder under ~/repos/ as text`;
        case 'ref':
            if (FULL_SHA.test(text)) {
                return {
                    rule: 'clone-ref-sha',
                    message: `\`clone.ref\` is a commit SHA: commit SHAs are not supported; name a branch or a tag.`
                };
            }
            return typeof value.value === 'string'
                ? undefined
                : `is ${kindOf(value)}: write a branch or tag name as text (quote it)`;
        case 'depth':
            if (typeof value.value === 'number'
                ? Number.isInteger(value.value) && value.value >= 0
                : /^\d+$/.test(String(value.value)))
                return undefined;
            return `is ${kindOf(value)}${typeof value.value === 'number' ? ` (${value.value})` : ''}: write a whole number, 0 for the full history`;
        default: {
            // tags, lfs and submodules are flags; submodules may also be "recursive".
            if (typeof value.value === 'boolean')
                return undefined;
            const change = flagChange(value);
            if (change)
                return { rule: 'value-changed', message: `\`clone.${name}\`: ${change}` };
            if (typeof value.value === 'string' &&
                (FLAG_TEXT.test(value.value) || (name === 'submodules' && value.value === 'recursive'))) {
                return undefined;
            }
            return `is ${kindOf(value)}: write ${name === 'submodules' ? 'true, false or recursive' : 'true or false'}`;
        }
    }
}
function report(context, name, place, problem) {
    if (typeof problem === 'string')
        context.report('clone-field', place, `\`clone.${name}\` ${problem}.`);
    else
        context.report(problem.rule, place, problem.message);
}

;// CONCATENATED MODULE: ./src/checker/rules/knowledge.ts
// knowledge-item, knowledge-key: `knowledge` is a list of items, each a `name` and its `contents`
// (text); it is never run.



const ITEM_KEYS = {
    keys: ['name', 'contents'],
    synonyms: {
        title: 'name',
        label: 'name',
        key: 'name',
        id: 'name',
        content: 'contents',
        text: 'contents',
        body: 'contents',
        value: 'contents',
        description: 'contents',
        command: 'contents',
        commands: 'contents',
        instructions: 'contents'
    }
};
function checkKnowledge(context, pair) {
    const list = context.resolve(pair.value);
    if (isEmpty(list)) {
        context.report('does-nothing', placeOfPair(pair), '`knowledge` is empty: it tells Devin nothing.');
        return;
    }
    if (!(0,dist/* isSeq */.oP)(list)) {
        context.report('knowledge-item', list ?? placeOfPair(pair), `\`knowledge\` is ${kindOf(list)}: write a list of items, each with a name and contents.`);
        return;
    }
    if (!context.firstVisit('knowledge', list))
        return;
    if (list.items.length === 0)
        context.report('does-nothing', list, '`knowledge` is an empty list: it tells Devin nothing.');
    list.items.forEach((node, index) => {
        const item = context.resolve(node);
        if (!(0,dist/* isMap */.jh)(item)) {
            context.report('knowledge-item', item ?? list, `Knowledge item ${index + 1} is ${kindOf(item)}: write a map with a name and contents.`);
        }
        else if (context.firstVisit('knowledge item', item)) {
            checkItem(context, item, index);
        }
    });
}
function checkItem(context, item, index) {
    const pairs = item.items;
    const field = (name) => pairs.find(pair => keyName(pair) === name);
    const nameNode = context.resolve(field('name')?.value);
    const subject = (0,dist/* isScalar */.jn)(nameNode) && typeof nameNode.value === 'string'
        ? `The knowledge item ${quote(nameNode.value)}`
        : `Knowledge item ${index + 1}`;
    // Keys merged in with `<<` are not followed: such an item may have its name or contents from there.
    const merged = field('<<') !== undefined;
    for (const name of ['name', 'contents']) {
        const fieldPair = field(name);
        const value = context.resolve(fieldPair?.value);
        if (!fieldPair) {
            if (!merged)
                context.report('knowledge-item', item, `${subject} has no \`${name}\`: each item needs a name and contents.`);
        }
        else if (!(0,dist/* isScalar */.jn)(value) || typeof value.value !== 'string') {
            context.report('knowledge-item', value === null || isEmpty(value) ? placeOfPair(fieldPair) : value, `${subject}'s \`${name}\` is ${kindOf(value)}: write it as text.`);
        }
    }
    for (const pair of pairs) {
        const name = keyName(pair);
        if (name === 'name' || name === 'contents' || name === '<<')
            continue;
        const nearest = name === undefined ? undefined : nearestKey(name, ITEM_KEYS);
        const hint = nearest ? ` Did you mean \`${nearest}\`?` : ' An item has a name and contents only.';
        const key = name === undefined ? 'A key that is not text' : quote(name);
        context.report('knowledge-key', placeOfPair(pair), `${key} is not a knowledge item key: Devin ignores it.${hint}`);
    }
}

;// CONCATENATED MODULE: ./src/checker/rules/commands.ts
// does-nothing (for commands): a command that is empty, `true`, `:` or only comments runs nothing.


/** A line of a bash command that does nothing: blank, a comment, or a no-op command. */
const NO_OP_LINE = /^\s*(?:#.*|true|:)?\s*$/;
/**
 * A command given as a scalar: a section's block string, a list item, or a step's `run`. Text that
 * runs nothing, an empty value and true/false do nothing (a notice); any other value is not a
 * command, which `typeRule` reports. `subject` names it in messages, e.g. "`initialize`"; `place`
 * is where an empty value is reported, as it has no text of its own: its key, or its list item.
 */
function checkCommandScalar(context, subject, value, place, typeRule) {
    if (isEmpty(value)) {
        context.report('does-nothing', place, `${subject} is empty: it runs nothing; remove it or write the commands.`);
        return;
    }
    if ((0,dist/* isScalar */.jn)(value) && typeof value.value === 'boolean') {
        context.report('does-nothing', value, `${subject} is \`${value.value}\`: it runs nothing; remove it or write the commands.`);
        return;
    }
    if ((0,dist/* isScalar */.jn)(value) && typeof value.value === 'string') {
        if (value.value.split(/\r\n|\n|\r/).every(line => NO_OP_LINE.test(line))) {
            context.report('does-nothing', value, `${subject} holds only comments or no-op commands (true, :): it runs nothing.`);
        }
        return;
    }
    context.report(typeRule, value ?? place, `${subject} is ${kindOf(value)}, not a command: write the command as text (quote it).`);
}

;// CONCATENATED MODULE: ./src/checker/rules/uses.ts

/** A GitHub account name, a repository name, a folder in it, and a git ref (no spaces, no `~^:?*[\`, no `..`). */
const USES_FORM = 
// eslint-disable-next-line no-control-regex -- a git ref holds no control character
/^github\.com\/([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]{1,100})((?:\/[^\s/@]+)*)@([^\s~^:?*[\\@\x00-\x1f\x7f]+)$/;
const FORM = 'github.com/<owner>/<repo>[/<path>]@<ref>';
/** Stands for the missing ref while a reference without one is checked for its other parts. */
const REF_PLACEHOLDER = 'REF';
/** The parts of a well-formed `uses`, or undefined. */
function parseUses(text) {
    const match = USES_FORM.exec(text);
    if (!match)
        return undefined;
    const [, owner, repo, subpath, ref] = match;
    const folders = subpath.split('/').slice(1);
    const dots = (part) => part === '.' || part === '..';
    if (dots(repo) || folders.some(dots) || ref.includes('..') || ref.startsWith('/') || ref.endsWith('/'))
        return undefined;
    return { owner, repo, path: folders.join('/'), ref };
}
function checkUses(context, node, text) {
    const parsed = parseUses(text);
    if (parsed) {
        context.addAction({ text, ...parsed }, node);
        return;
    }
    context.report('uses-format', node, usesProblem(text));
}
function usesProblem(text) {
    const written = quote(text);
    const trimmed = text.trim();
    if (/^(?:\.{0,2}\/)/.test(trimmed)) {
        return `${written} is a local path: Devin runs actions from GitHub repositories only, written ${FORM}.`;
    }
    if (/^docker:\/\//i.test(trimmed)) {
        return `${written} is a Docker image: Devin runs only Node.js actions from GitHub repositories, written ${FORM}.`;
    }
    const guess = guessed(trimmed);
    if (guess)
        return `${written} is not an action reference Devin reads: write ${quote(guess)} (${FORM}).`;
    const withRef = trimmed.includes('@') ? undefined : guessed(`${trimmed}@${REF_PLACEHOLDER}`, true);
    if (withRef) {
        const form = quote(withRef.slice(0, -REF_PLACEHOLDER.length) + '<ref>');
        return `${written} names no ref: write ${form}, with a tag, branch or commit of the action for <ref> (e.g. v4).`;
    }
    return `${written} is not an action reference Devin reads: write ${FORM}, e.g. github.com/actions/setup-node@v4.`;
}
/**
 * The well-formed reference `text` most likely meant: with github.com/ in front, without a scheme;
 * undefined when there is none, or (unless `sameAllowed`) when it is `text` itself.
 */
function guessed(text, sameAllowed = false) {
    const bare = text.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
    const candidate = /^github\.com\//i.test(bare)
        ? `github.com/${bare.slice('github.com/'.length)}`
        : `github.com/${bare}`;
    return (sameAllowed || candidate !== text) && parseUses(candidate) ? candidate : undefined;
}

;// CONCATENATED MODULE: ./src/checker/rules/steps.ts
// step-action, step-key, step-with-on-run, step-field-type: a step is a map with exactly one of
// `run` and `uses`, and optionally `name`, `with` (for `uses`), `env` and `shell`.






const STEP_KEYS = {
    // `shell` (e.g. powershell) is not in the reference, but public blueprints that build use it.
    keys: ['name', 'run', 'uses', 'with', 'env', 'shell'],
    synonyms: {
        command: 'run',
        commands: 'run',
        cmd: 'run',
        script: 'run',
        action: 'uses',
        use: 'uses',
        inputs: 'with',
        args: 'with',
        params: 'with',
        parameters: 'with',
        environment: 'env',
        variables: 'env',
        vars: 'env',
        title: 'name',
        label: 'name'
    }
};
/** What a GitHub Actions step has and a blueprint step does not. */
const GITHUB_ONLY_STEP_KEYS = ['id', 'if', 'working-directory', 'continue-on-error', 'timeout-minutes'];
/** A step of `section` (e.g. "`initialize`"). */
function checkStep(context, section, step) {
    const pairs = step.items;
    const named = (name) => pairs.find(pair => keyName(pair) === name);
    const run = named('run');
    const uses = named('uses');
    if (run && uses) {
        context.report('step-action', step, `This step of ${section} has both \`run\` and \`uses\`: a step runs one command or one action; make it two steps.`);
    }
    else if (!run && !uses && !named('<<')) {
        // Keys merged in with `<<` are not followed: such a step may have its `run` or `uses` from there.
        context.report('step-action', step, `This step of ${section} has neither \`run\` (a command) nor \`uses\` (an action): add one.`);
    }
    for (const pair of pairs) {
        const name = keyName(pair);
        const value = context.resolve(pair.value);
        switch (name) {
            case 'name':
                if (!(0,dist/* isScalar */.jn)(value) && value !== null) {
                    context.report('step-field-type', value, `This step's \`name\` is ${kindOf(value)}: write the step's name as text.`);
                }
                break;
            case 'run':
                checkCommandScalar(context, "This step's `run`", value, placeOfPair(pair), 'step-field-type');
                break;
            case 'uses':
                if ((0,dist/* isScalar */.jn)(value) && typeof value.value === 'string') {
                    if (context.firstVisit('uses', value))
                        checkUses(context, value, value.value);
                }
                else if (value === null || ((0,dist/* isScalar */.jn)(value) && value.value === null)) {
                    context.report('uses-format', placeOfPair(pair), "This step's `uses` is empty: name the action, github.com/<owner>/<repo>[/<path>]@<ref>.");
                }
                else {
                    context.report('step-field-type', value, `This step's \`uses\` is ${kindOf(value)}: write the action as text, github.com/<owner>/<repo>[/<path>]@<ref>.`);
                }
                break;
            case 'with':
            case 'env':
                if (name === 'with' && run && !uses) {
                    context.report('step-with-on-run', placeOfPair(pair), '`with` passes inputs to an action, and this step runs a command: Devin ignores it; use `env` for variables.');
                }
                if ((0,dist/* isMap */.jh)(value)) {
                    if (context.firstVisit(name, value))
                        checkValues(context, name, value);
                }
                else if (value !== null && !((0,dist/* isScalar */.jn)(value) && value.value === null)) {
                    const what = name === 'with' ? "the action's inputs" : 'environment variables';
                    context.report('step-field-type', value, `This step's \`${name}\` is ${kindOf(value)}: write a map of ${what} (NAME: value).`);
                }
                break;
            case 'shell':
            case '<<':
                break;
            default:
                context.report('step-key', placeOfPair(pair), unknownStepKey(name));
        }
    }
}
function unknownStepKey(name) {
    if (name === undefined)
        return 'A step key that is not text: Devin ignores it.';
    if (GITHUB_ONLY_STEP_KEYS.includes(name)) {
        const instead = name === 'working-directory' ? '; `cd` in `run` instead' : '';
        return `${quote(name)} is a GitHub Actions step key that blueprint steps do not have: Devin ignores it${instead}.`;
    }
    const nearest = nearestKey(name, STEP_KEYS);
    const hint = nearest ? ` Did you mean \`${nearest}\`?` : ` A step has ${STEP_KEYS.keys.join(', ')}.`;
    return `${quote(name)} is not a step key: Devin ignores it.${hint}`;
}

;// CONCATENATED MODULE: ./src/checker/rules/sections.ts
// section-type, does-nothing: `initialize`, `maintenance` and `post-build` are one block string of
// commands or a list whose items are steps (maps) or command strings, the two mixed as needed.




function checkCommands(context, name, pair) {
    const section = `\`${name}\``;
    const value = context.resolve(pair.value);
    if ((0,dist/* isMap */.jh)(value)) {
        context.report('section-type', value, `${section} is a map: write a block string (|) of commands, or a list of steps each starting with "- ".`);
        return;
    }
    if (!(0,dist/* isSeq */.oP)(value)) {
        checkCommandScalar(context, section, value, placeOfPair(pair), 'section-type');
        return;
    }
    if (!context.firstVisit('section', value))
        return;
    if (value.items.length === 0)
        context.report('does-nothing', value, `${section} is an empty list: it runs nothing.`);
    value.items.forEach((item, index) => {
        const step = context.resolve(item);
        const subject = `Item ${index + 1} of ${section}`;
        if ((0,dist/* isMap */.jh)(step)) {
            if (context.firstVisit('step', step))
                checkStep(context, section, step);
        }
        else if ((0,dist/* isSeq */.oP)(step)) {
            context.report('section-type', step, `${subject} is ${kindOf(step)}: each item is a step (a map with run or uses) or a command string.`);
        }
        else {
            checkCommandScalar(context, subject, step, step ?? value, 'section-type');
        }
    });
}

;// CONCATENATED MODULE: ./src/checker/rules/document.ts
// document-type, unknown-key, runs-on, post-build-in-repo, does-nothing (for documents): each YAML
// document of a blueprint is a map of its sections; several documents, one per platform, are allowed.






const SECTIONS = ['initialize', 'maintenance', 'knowledge', 'post-build', 'clone'];
const TOP_LEVEL_KEYS = {
    // runs-on, shell and description are not in the reference, but public blueprints that build use them.
    keys: [...SECTIONS, 'runs-on', 'shell', 'description'],
    synonyms: {
        setup: 'initialize',
        'set-up': 'initialize',
        init: 'initialize',
        install: 'initialize',
        bootstrap: 'initialize',
        provision: 'initialize',
        maintain: 'maintenance',
        update: 'maintenance',
        dependencies: 'maintenance',
        deps: 'maintenance',
        docs: 'knowledge',
        notes: 'knowledge',
        postbuild: 'post-build',
        'after-build': 'post-build',
        checkout: 'clone',
        platform: 'runs-on',
        os: 'runs-on',
        runson: 'runs-on'
    }
};
/** The platforms public blueprints give their documents, one document each. */
const PLATFORMS = ['default', 'macos', 'windows'];
function checkDocument(context, document) {
    const root = context.resolve(document.contents);
    const whole = [document.range[0], document.range[1]];
    if (isEmpty(root) || ((0,dist/* isMap */.jh)(root) && root.items.length === 0)) {
        context.report('does-nothing', whole, 'This document is empty: it does nothing.');
        return;
    }
    if (!(0,dist/* isMap */.jh)(root)) {
        context.report('document-type', root ?? whole, (0,dist/* isSeq */.oP)(root)
            ? `This document is a list, not a map of sections: for one blueprint per platform, write each as its own document (runs-on: and its sections), separated by a line with ---.`
            : `This document is ${kindOf(root)}, not a map of sections: a blueprint is initialize:, maintenance:, knowledge: and so on, each at the start of a line.`);
        return;
    }
    for (const pair of root.items) {
        const name = keyName(pair);
        switch (name) {
            case 'initialize':
            case 'maintenance':
                checkCommands(context, name, pair);
                break;
            case 'post-build':
                if (context.tier === 'repo') {
                    context.report('post-build-in-repo', placeOfPair(pair), '`post-build` is not supported in repo blueprints: it will not run; move it to the org or enterprise blueprint.');
                }
                checkCommands(context, name, pair);
                break;
            case 'knowledge':
                checkKnowledge(context, pair);
                break;
            case 'clone':
                checkClone(context, pair);
                break;
            case 'runs-on':
                checkRunsOn(context, pair);
                break;
            case 'shell':
            case 'description':
            case '<<':
                break;
            default:
                context.report('unknown-key', placeOfPair(pair), unknownKey(name));
        }
    }
}
function checkRunsOn(context, pair) {
    const value = context.resolve(pair.value);
    if ((0,dist/* isScalar */.jn)(value) && typeof value.value === 'string' && PLATFORMS.includes(value.value))
        return;
    const written = (0,dist/* isScalar */.jn)(value) && value.value !== null ? quote(String(value.value)) : kindOf(value);
    context.report('runs-on', value === null || isEmpty(value) ? placeOfPair(pair) : value, `\`runs-on\` is ${written}: public blueprints use ${PLATFORMS.join(', ')}; Devin may not run this document.`);
}
function unknownKey(name) {
    if (name === undefined)
        return 'A top-level key that is not text: Devin ignores it.';
    const nearest = nearestKey(name, TOP_LEVEL_KEYS);
    const hint = nearest ? ` Did you mean \`${nearest}\`?` : ` A blueprint has ${SECTIONS.join(', ')}.`;
    return `${quote(name)} is not a blueprint key: Devin ignores it.${hint}`;
}

;// CONCATENATED MODULE: ./src/checker/rules/duplicate-keys.ts
// duplicate-key: a key written twice in one map. YAML 1.2 forbids it, yet the readers a Python
// service likely uses (PyYAML, libyaml) accept it and keep the last value: a warning, since the file
// may well build, with the first value ignored.



/** Every repeated key of every map of `document`, at the repetition, naming the line of the first. */
function checkDuplicateKeys(context, document) {
    walk(document, node => {
        if (!(0,dist/* isMap */.jh)(node))
            return;
        const seen = new Map();
        for (const pair of node.items) {
            const key = pair.key;
            // A merge key (<<) may be repeated in readers that merge; keys that are maps or lists are left alone.
            if (!(0,dist/* isScalar */.jn)(key) || key.value === null || key.value === '<<' || typeof key.value === 'object')
                continue;
            // 1 and "1" are two keys: the type is part of the key.
            const identity = `${typeof key.value}:${String(key.value)}`;
            const first = seen.get(identity);
            if (first === undefined) {
                seen.set(identity, key.range?.[0] ?? 0);
                continue;
            }
            const line = context.file.lines.linePos(first).line;
            context.report('duplicate-key', key, `The key ${quote(String(key.value))} is already in this map (line ${line}): YAML keys must be unique, and readers that accept a repeated key keep only one of its values (the last, in Python's); keep one.`);
        }
    });
}

;// CONCATENATED MODULE: ./src/checker/rules/yaml.ts


/** The parser's own words, kept short after ours: they name the token it stopped at. */
const PARSER_WORDS_MAX_CHARS = 120;
/** What each parser error means for a blueprint's author; the parser's own words follow it. */
const PLAIN_WORDS = {
    BLOCK_AS_IMPLICIT_KEY: 'A ": " inside an unquoted value starts a new key here: quote the whole value, or write it as a block string (|)',
    MULTILINE_IMPLICIT_KEY: 'A key must fit on one line and end with ":"; this line continues the one above or lacks its ":"',
    MISSING_CHAR: 'Something is missing here (a closing quote or bracket, a "- ", or a ":")',
    BAD_INDENT: 'The indentation here does not fit the lines around it',
    UNEXPECTED_TOKEN: 'This is not where the YAML parser expected it: check the indentation and the quoting of the line',
    BAD_SCALAR_START: 'An unquoted value cannot start with this character: quote the value',
    BAD_DQ_ESCAPE: 'A backslash escape in a double-quoted value is not valid: use single quotes, or write \\\\ for a backslash',
    BAD_ALIAS: 'An alias (*name) must name an anchor (&name) defined before it',
    ALIAS_PROPS: 'An alias (*name) cannot have an anchor or a tag of its own',
    MULTIPLE_ANCHORS: 'A value can have one anchor (&name) only',
    MULTIPLE_TAGS: 'A value can have one tag (!name) only',
    BAD_PROP_ORDER: 'An anchor or a tag is misplaced here',
    KEY_OVER_1024_CHARS: 'A key is longer than the 1024 characters YAML allows: check for a missing line break',
    BLOCK_IN_FLOW: 'A block value cannot stand inside [ ] or { }',
    BAD_DIRECTIVE: 'A line starting with % is read as a YAML directive: indent it or quote it',
    MULTIPLE_DOCS: 'A document can start only once here',
    RESOURCE_EXHAUSTION: 'The file nests too deeply to be read'
};
/**
 * The parser's errors and warnings for one document. Tabs are reported each (one a line); of the
 * other errors only the first, as the ones after it are usually its consequences. Returns whether
 * the document has no error, i.e. whether the blueprint rules can read it as the parser shows it.
 */
function checkParse(file, document) {
    let syntaxReported = false;
    const tabLines = new Set();
    for (const error of document.errors) {
        if (error.code === 'TAB_AS_INDENT') {
            const line = file.lines.linePos(error.pos[0]).line;
            if (!tabLines.has(line))
                yaml_report(file, 'tab-indent', error, TAB_MESSAGE);
            tabLines.add(line);
        }
        else if (!syntaxReported) {
            syntaxReported = true;
            yaml_report(file, 'yaml-syntax', error, `${PLAIN_WORDS[error.code] ?? 'This is not valid YAML'}${parserSays(error)}.`);
        }
    }
    for (const warning of document.warnings)
        yaml_report(file, 'yaml-warning', warning, warningMessage(warning));
    return document.errors.length === 0;
}
const TAB_MESSAGE = 'A tab indents this line: YAML indents with spaces only; replace the tab with spaces.';
function yaml_report(file, rule, error, message) {
    addFinding(file, rule, [error.pos[0], Math.max(error.pos[0], error.pos[1])], message);
}
function parserSays(error) {
    return ` (the YAML parser says: ${(0,untrusted/* serverText */.Tn)(error.message, PARSER_WORDS_MAX_CHARS)})`;
}
function warningMessage(warning) {
    const what = warning.code === 'TAG_RESOLVE_FAILED'
        ? 'A tag that YAML readers do not all know: Devin may refuse the file or read the value differently; remove the tag'
        : warning.code === 'BAD_DIRECTIVE'
            ? 'A directive that YAML readers do not all know: remove it'
            : 'YAML readers may read this differently';
    return `${what}${parserSays(warning)}.`;
}

;// CONCATENATED MODULE: ./src/checker/checker.ts
// The blueprint checker: a Devin blueprint's text, its path and its tier in, findings and the
// actions it uses out. Pure: no I/O, no clock; its rules are listed in rules.ts.






function checkBlueprint(input) {
    const lines = new dist/* LineCounter */.HN();
    // A byte order mark is no column of line 1: positions are counted without it.
    const text = input.text.replace(/^\uFEFF/, '');
    const file = { text, lines, tier: input.tier, findings: [], actions: [] };
    let documents;
    try {
        // The documents are read as the parser builds them and never converted to values, so an alias
        // is never expanded (no billion laughs); the parser itself bounds how deep it nests.
        // (The cast undoes the library's distribution of its node union over Document: each is Parsed.)
        documents = (0,dist/* parseAllDocuments */.hR)(text, {
            lineCounter: lines,
            prettyErrors: false,
            // Repeated keys are found by checkDuplicateKeys, in one pass: the parser compares each key with all before it.
            uniqueKeys: false
        });
    }
    catch (error) {
        const message = `The YAML parser could not read the file (${(0,untrusted/* serverText */.Tn)(String(error), 120)}).`;
        addFinding(file, 'yaml-syntax', [0, 0], message);
        return { findings: file.findings, actions: [] };
    }
    // After the parse: the parser is what counts the lines that positions are read from.
    checkFileName(file, input.path);
    if (documents.length === 0) {
        const message = 'The file holds no blueprint, only comments or nothing: it does nothing.';
        addFinding(file, 'does-nothing', [0, 0], message);
    }
    for (const document of documents) {
        if (!checkParse(file, document))
            continue;
        const context = new CheckContext(file, document);
        checkDuplicateKeys(context, document);
        checkDocument(context, document);
    }
    const findings = file.findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return { findings, actions: file.actions };
}
/** Git-backed blueprints are read from `.devin/blueprint.yaml`: another file in `.devin/` is not synced. */
function checkFileName(file, path) {
    const match = /(?:^|[\\/])\.devin[\\/]([^\\/]+)$/.exec(path);
    if (!match || match[1] === 'blueprint.yaml')
        return;
    const older = /^environment\.ya?ml$/.test(match[1]) ? ', the older name of the file' : '';
    const message = `Devin syncs a repository's blueprint from .devin/blueprint.yaml, not from .devin/${(0,untrusted/* serverText */.Tn)(match[1], 60)}${older}: rename it for a git-backed blueprint.`;
    addFinding(file, 'file-name', [0, 0], message);
}


/***/ })

};

//# sourceMappingURL=939.index.js.map