/** One `anp` subcommand. Each of the app's lives in `commands/<name>.ts` and is listed in `commands/index.ts`. */
export interface CliCommand {
  name: string;
  /** One line for `anp --help`. */
  summary: string;
  /** Full usage text for `anp <name> --help`. */
  usage: string;
  /** Returns the process exit status. Errors for the user are thrown as ApiError (one clear line). */
  run(argv: string[]): Promise<number>;
}
