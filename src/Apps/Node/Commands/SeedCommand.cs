using System.CommandLine;
using ActorNet.Actors;
using ActorNet.Node.Hosting;

namespace ActorNet.Node.Commands;

/// <summary><c>actornet seed</c>: a seed node, the contact point that forms the cluster and lets others join.</summary>
internal static class SeedCommand
{
    public static Command Create()
    {
        var options = new ConfigurationOptions();
        var port = new Option<int?>("--port") { Description = "TCP port to listen on; 0 picks a free one (default: actornet.remote.port, else 0)." };
        var command = new Command("seed", "Run a seed node; it forms the cluster (seed nodes default to itself) and prints 'listening on <address>'.");
        command.Options.Add(port);
        options.AddTo(command);
        command.SetAction((result, cancel) => CommandErrors.RunAsync(result, () =>
        {
            var node = new NodeOptions(ClusterRoles.Seed, CheckPort(result.GetValue(port)), [], null);
            return NodeRunner.RunAsync(options.Build(result), node, result.InvocationConfiguration.Output, cancel);
        }));
        return command;
    }

    public static int? CheckPort(int? port) =>
        port is null or (>= 0 and <= 65535) ? port : throw new ArgumentException($"--port {port} is not in 0..65535");
}
