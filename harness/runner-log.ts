// A step's output as the runner's log shows it, for the demo and `npm run local-action`, which print
// a step run outside the runner: workflow commands become what the log view shows (`::error::x` is
// "Error: x", `::group::T` a group header), and the commands the runner consumes (`::add-mask::`,
// `::save-state::` without a GITHUB_STATE file, `::debug::` unless step debug is on, the group and
// stop-commands markers) are not shown.

/** `::name key=value,…::data`; property values escape ':' and ',', so the first `::` after the name ends them. */
const COMMAND = /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/s;

const ANNOTATIONS: Record<string, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };
/** Commands the runner acts on without showing them. */
const CONSUMED = new Set(['add-mask', 'save-state', 'set-output', 'add-matcher', 'remove-matcher', 'echo']);

/** A command's data as the runner reads it: %25, %0D and %0A unescaped. */
function commandData(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** Renders a step's stdout as it comes, chunk by chunk; a group or stopped commands carry over between lines. */
export class RunnerLog {
  private partial = '';
  private inGroup = false;
  /** Set between `::stop-commands::TOKEN` and `::TOKEN::`: lines are shown as they are. */
  private stopToken: string | undefined;

  constructor(private readonly options: { debug?: boolean } = {}) {}

  /** The lines to show for a chunk of output; a line without its end waits for the next chunk (or end()). */
  write(chunk: string): string[] {
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    return lines.flatMap(line => this.line(line));
  }

  /** The lines to show for what is left when the output ends. */
  end(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? this.line(rest) : [];
  }

  private line(text: string): string[] {
    const indent = (lines: string[]): string[] => (this.inGroup ? lines.map(line => `  ${line}`) : lines);
    if (this.stopToken !== undefined) {
      if (text === `::${this.stopToken}::`) {
        this.stopToken = undefined;
        return [];
      }
      return indent([text]);
    }
    const command = COMMAND.exec(text);
    if (!command) return indent([text]);
    const [, name, data] = command;
    if (CONSUMED.has(name)) return [];
    switch (name) {
      case 'debug':
        return this.options.debug
          ? indent(
              commandData(data)
                .split('\n')
                .map(line => `Debug: ${line}`)
            )
          : [];
      case 'group':
        this.inGroup = true;
        return [`▼ ${commandData(data)}`];
      case 'endgroup':
        this.inGroup = false;
        return [];
      case 'stop-commands':
        this.stopToken = data;
        return [];
      default: {
        const label = ANNOTATIONS[name];
        return indent(label ? `${label}: ${commandData(data)}`.split('\n') : [text]);
      }
    }
  }
}
