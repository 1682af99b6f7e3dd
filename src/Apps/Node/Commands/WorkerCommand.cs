using System.CommandLine;
using ActorNet.Actors;
using ActorNet.Node.Hosting;

namespace ActorNet.Node.Commands;

/// <summary><c>actornet worker --seed host:port</c>: a worker node that joins the cluster through a seed.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var options = new ConfigurationOptions();
        var seed = new Option<string[]>("--seed")
        {
            Description = "Seed node to join through, host:port or actornet.tcp://actornet@host:port (repeatable).",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var port = new Option<int?>("--port") { Description = "TCP port to listen on; 0 picks a free one (default: actornet.remote.port, else 0)." };
        var cores = new Option<int?>("--cores") { Description = "Task slots this worker offers (actornet.rdd.cores; default: the machine's cores)." };
        var command = new Command("worker", "Run a worker node that joins the cluster through --seed and prints 'listening on <address>'.");
        command.Options.Add(seed);
        command.Options.Add(port);
        command.Options.Add(cores);
        options.AddTo(command);
        command.SetAction((result, cancel) => CommandErrors.RunAsync(result, () =>
        {
            var seeds = (result.GetValue(seed) ?? []).Select(SeedAddress.Parse).ToList();
            int? slots = result.GetValue(cores);
            if (slots is < 1) throw new ArgumentException($"--cores {slots} must be at least 1");
            var node = new NodeOptions(ClusterRoles.Worker, SeedCommand.CheckPort(result.GetValue(port)), seeds, slots);
            return NodeRunner.RunAsync(options.Build(result), node, result.InvocationConfiguration.Output, cancel);
        }));
        return command;
    }
}
