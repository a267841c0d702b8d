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
return await root.Parse(args).InvokeAsync();
