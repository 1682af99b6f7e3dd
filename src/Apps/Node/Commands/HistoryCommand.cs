using System.CommandLine;
using ActorNet.Rdd.CommandLine;
using ActorNet.Rdd.Ui;

namespace ActorNet.Node.Commands;

/// <summary>
/// <c>actornet history --dir DIR [--port 18080] [--host 127.0.0.1]</c> (Spark's history server): serves the UI's pages
/// and REST API for the applications whose event logs (<c>actornet.event-log.enabled</c>) are in DIR, until Ctrl+C.
/// Prints <c>history: http://HOST:PORT</c> on standard output.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--dir") { Description = "The folder of event logs (actornet.event-log.dir).", Required = true };
        var port = new Option<int>("--port") { Description = "Port to serve on (default 18080, as Spark's; 0 picks a free one).", DefaultValueFactory = _ => 18080 };
        var host = new Option<string>("--host") { Description = "Address to bind to (default 127.0.0.1).", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("history", "Serve the web UI and REST API of finished applications from their event logs (Spark's history server).");
        command.Options.Add(dir);
        command.Options.Add(port);
        command.Options.Add(host);
        command.SetAction((result, cancel) => CommandErrors.RunAsync(result, async () =>
        {
            var p = result.GetValue(port);
            if (p is < 0 or > 65535) throw new ArgumentException($"--port must be a TCP port (0 to 65535), not {p}");
            var address = UiSettings.Address(result.GetValue(host)!, "--host");
            var server = new HistoryServer(result.GetValue(dir)!.FullName, result.InvocationConfiguration.Error);
            await server.RunAsync(address, p, result.InvocationConfiguration.Output, cancel).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
