using System.CommandLine;
using Cameras.Cli;

// The `cameras` executable: `serve` runs the server by role; the other commands are its tools.
var root = new RootCommand("Cameras: body-worn-camera evidence pipeline.")
{
    ServeCommand.Create(),
    TokenCommand.Create(),
    DockCommand.Create(),
    LedgerCommand.Create(),
    ExportCommand.Create(),
    VerifyCommand.Create(),
    PublishCommand.Create(),
};
// A command line that does not parse (a missing or unknown option, a value outside its list) is a usage error: exit 2,
// as every command's own checks answer, rather than System.CommandLine's default 1, which means "refused" here.
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine($"See: cameras {parsed.CommandResult.Command.Name} --help");
    return 2;
}
// On Ctrl-C a command gets time to end cleanly (`cameras publish` gives ffmpeg PublishCommand.StopGrace to send its
// last manifest) before System.CommandLine would exit with 130 on its own (after 2 s by default).
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = PublishCommand.StopGrace * 2 });
