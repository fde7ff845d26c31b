package org.mobileworship.livecontrol.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code livecontrol} command. */
@Command(name = "livecontrol", mixinStandardHelpOptions = true, version = "livecontrol 0.1.0-SNAPSHOT",
        description = "Live cues from controllers to displays over the local network.",
        subcommands = {DemoCommand.class, ControllerCommand.class, DisplayCommand.class, StatusCommand.class,
                PairCommand.class, DevicesCommand.class})
public final class LiveControlCli implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    public static void main(String[] args) {
        // the CLI's output goes to the caller's stdout; the process's own stdout (native chatter) to the log
        System.setOut(Console.terminalOut());
        int code = run(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--log-level")) {
                // read by logback.xml, so it must be set before the first logger is created
                System.setProperty("livecontrol.log.level", args[i + 1].toUpperCase(java.util.Locale.ROOT));
            }
        }
        CommandLine cl = new CommandLine(new LiveControlCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Errors.Explained x = Errors.explain(ex);
            Console.system(false).error(x.problem(), x.fix());
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            Console.system(false).error(ex.getMessage(), "see `livecontrol " + (ex.getCommandLine().getCommandName())
                    + " --help`");
            return 2;
        });
        return cl.execute(args);
    }
}
