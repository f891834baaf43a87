/** A tiny argument parser: `--flag value`, `--switch`, and positionals. Unknown flags are usage errors. */
import { closestMatch } from "../../config/spelling";
import { HelpRequested, UsageError } from "./exit";

export interface ParsedArgs {
    readonly flags: Record<string, string | true>;
    readonly positionals: string[];
}

/**
 * Parses argv against the flags a command knows (`name` takes a value, `name!` is a switch). `--help` or `-h`
 * throws {@link HelpRequested} (the usage on standard output, exit 0); an unknown option is a usage error, with
 * the known option it likely means (config/spelling.ts).
 */
export function parseArgs(argv: readonly string[], known: readonly string[], usage: string): ParsedArgs {
    const takesValue = new Map(known.map((k) => (k.endsWith("!") ? [k.slice(0, -1), false] : [k, true])));
    const flags: Record<string, string | true> = {};
    const positionals: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--help" || arg === "-h") throw new HelpRequested(usage);
        if (!arg.startsWith("--") || arg === "-") {
            positionals.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split("=", 2);
        if (!takesValue.has(name)) {
            const meant = closestMatch(name, takesValue.keys());
            throw new UsageError(`unknown option --${name}${meant === undefined ? "" : `: did you mean --${meant}?`}\n${usage}`);
        }
        // the last of two would win silently (a plan of the other stack, written where this one was meant)
        if (name in flags) throw new UsageError(`--${name} given twice: give it once\n${usage}`);
        if (takesValue.get(name)) {
            const value = inline ?? argv[++i];
            if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value\n${usage}`);
            flags[name] = value;
        } else {
            flags[name] = true;
        }
    }
    return { flags, positionals };
}
