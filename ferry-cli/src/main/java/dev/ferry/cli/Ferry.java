package dev.ferry.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import dev.ferry.cli.ClientSettings.BadSettingException;
import dev.ferry.cli.command.AssessCommand;
import dev.ferry.cli.command.CapacityCommand;
import dev.ferry.cli.command.DiscoverCommand;
import dev.ferry.cli.command.JobsCommand;
import dev.ferry.cli.command.MachinesCommand;
import dev.ferry.cli.command.ProfilesCommand;
import dev.ferry.cli.command.RulesCommand;
import dev.ferry.cli.command.SourcesCommand;
import dev.ferry.cli.command.UploadCommand;
import dev.ferry.cli.command.WavesCommand;
import dev.ferry.cli.demo.DemoCommand;
import dev.ferry.cli.http.AccessToken;
import dev.ferry.cli.http.ApiClient;
import dev.ferry.cli.http.ApiProblem;
import dev.ferry.cli.http.ServiceUnreachableException;
import dev.ferry.cli.output.OutputFormat;
import dev.ferry.cli.output.Printer;
import dev.ferry.cli.output.ProblemDisplay;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code ferry} command: options every subcommand shares, the API clients they use, and the exit codes. */
@Command(name = "ferry", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Ferry.Version.class, sortOptions = false, usageHelpAutoWidth = true, description = {
        "Ferry's command line: sources, discovery, assessment, capacity, waves and jobs.", "",
        "Against the local stack (bin/ferry-local up) it needs no settings. Every command takes --help; "
                + "-o json prints the API's JSON instead of tables." }, exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
                        "0:it worked (a watched wave completed)",
                        "1:a service refused or failed the request, or a followed discovery or wave failed",
                        "2:usage error", "3:a service could not be reached" }, subcommands = { SourcesCommand.class,
                                DiscoverCommand.class, UploadCommand.class, MachinesCommand.class,
                                ProfilesCommand.class, RulesCommand.class, AssessCommand.class, CapacityCommand.class,
                                WavesCommand.class, JobsCommand.class, DemoCommand.class, CommandLine.HelpCommand.class })
public final class Ferry implements Runnable {

    @Option(names = "--inventory-url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "the inventory service (env "
            + "FERRY_INVENTORY_URL; default " + ClientSettings.DEFAULT_INVENTORY_URL + ")")
    String inventoryUrl;

    @Option(names = "--scheduler-url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "the scheduler service (env "
            + "FERRY_SCHEDULER_URL; default " + ClientSettings.DEFAULT_SCHEDULER_URL + ")")
    String schedulerUrl;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "file holding the bearer token (JWT). Without "
            + "it: --token, else env FERRY_TOKEN, else the local stack's $FERRY_HOME/tokens/operator.jwt (FERRY_HOME "
            + "defaults to .ferry) when it exists. Sources and profiles need an admin token.")
    Path tokenFile;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "JWT", description = "the bearer token itself (visible to other users "
            + "in the process list: prefer --token-file or FERRY_TOKEN)")
    String token;

    @Option(names = { "-o",
            "--output" }, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormatConverter.class, description = "table (default) or json")
    OutputFormat output;

    private final Map<String, String> environment;
    private final Terminal terminal;
    private final java.io.InputStream stdin;
    private CommandLine commandLine;
    private ApiClient inventory;
    private ApiClient scheduler;

    Ferry(Map<String, String> environment, Terminal terminal, java.io.InputStream stdin) {
        this.environment = environment;
        this.terminal = terminal;
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        System.exit(commandLine(environment, Terminal.detect(environment), System.in).execute(args));
    }

    /**
     * The command line with its error handling; it writes where {@link CommandLine#setOut} and
     * {@link CommandLine#setErr} say (standard output and error unless set).
     */
    public static CommandLine commandLine(Map<String, String> environment, Terminal terminal,
            java.io.InputStream stdin) {
        Ferry ferry = new Ferry(environment, terminal, stdin);
        CommandLine commandLine = new CommandLine(ferry);
        ferry.commandLine = commandLine;
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(ferry::handle);
        return commandLine;
    }

    @Override
    public void run() {
        commandLine.usage(commandLine.getOut());
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** Standard input (passwords with --password-stdin). */
    public java.io.InputStream stdin() {
        return stdin;
    }

    public Printer printer() {
        return new Printer(commandLine.getOut(), commandLine.getErr(), output);
    }

    public ApiClient inventory() {
        if (inventory == null) {
            inventory = new ApiClient("inventory", ClientSettings.inventoryUrl(inventoryUrl, environment), token());
        }
        return inventory;
    }

    public ApiClient scheduler() {
        if (scheduler == null) {
            scheduler = new ApiClient("scheduler", ClientSettings.schedulerUrl(schedulerUrl, environment), token());
        }
        return scheduler;
    }

    /** The local stack's folder, $FERRY_HOME (bin/ferry sets it to the repository's .ferry unless it is set). */
    public java.nio.file.Path ferryHome() {
        return ClientSettings.ferryHome(environment);
    }

    private AccessToken token() {
        return ClientSettings.token(token, tokenFile, environment);
    }

    private int handle(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (failure instanceof ApiProblem problem) {
            ProblemDisplay.lines(problem, token(), ClientSettings.localToken(environment, "admin").toString())
                    .forEach(err::println);
            err.flush();
            return ExitCodes.FAILED;
        }
        if (failure instanceof ServiceUnreachableException unreachable) {
            ProblemDisplay.lines(unreachable).forEach(err::println);
            err.flush();
            return ExitCodes.UNREACHABLE;
        }
        if (failure instanceof BadSettingException || failure instanceof UsageException) {
            err.println("error: " + failure.getMessage());
            err.println("see " + command.getCommandSpec().qualifiedName() + " --help");
            err.flush();
            return ExitCodes.USAGE;
        }
        if (failure instanceof UncheckedIOException io) {
            err.println("error: " + describe(io));
            err.flush();
            return ExitCodes.FAILED;
        }
        throw new IllegalStateException(failure);
    }

    /** A local file problem in words: "cannot read the token file x: no such file". */
    private static String describe(UncheckedIOException failure) {
        java.io.IOException cause = failure.getCause();
        String what = cause instanceof java.nio.file.NoSuchFileException missing ? "no such file: " + missing.getFile()
                : cause instanceof java.nio.file.AccessDeniedException denied ? "permission denied: " + denied.getFile()
                        : cause.getMessage();
        boolean ownMessage = failure.getMessage() != null && !failure.getMessage().equals(cause.toString());
        return ownMessage ? failure.getMessage() + ": " + what : what;
    }

    /** Reads -o values case-insensitively. */
    static final class OutputFormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an output format: use table "
                        + "or json");
            }
        }
    }

    /** The jar's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Ferry.class.getPackage().getImplementationVersion();
            return new String[] { "ferry " + (version == null ? "(development build)" : version) };
        }
    }
}
