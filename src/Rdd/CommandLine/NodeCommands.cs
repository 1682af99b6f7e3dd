namespace ActorNet.Rdd.CommandLine;

// Inside the namespace, so that System.CommandLine's Option<T> wins over ActorNet.Rdd.Option<T>.
using System.CommandLine;
using ActorNet.Rdd.Cluster;

/// <summary>
/// The <c>seed</c> and <c>worker</c> commands of the one node program, defined once: <c>actornet</c> adds them to its
/// command line, and ActorNet.Rdd.dll's own entry point (<see cref="NodeProgram"/>, the processes of
/// <c>local-cluster[N]</c>) parses with them, so both take the same flags and run <see cref="NodeHost"/> the same way.
/// </summary>
internal static class NodeCommands
{
    /// <summary>The root command of ActorNet.Rdd.dll as a program: <c>seed</c> and <c>worker</c>.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("ActorNet node program (the same as `actornet seed|worker`).");
        root.Subcommands.Add(Seed());
        root.Subcommands.Add(Worker());
        return root;
    }

    /// <summary><c>seed</c>: a seed node, the contact point that forms the cluster and lets others join.</summary>
    public static Command Seed()
    {
        var command = new Command("seed", "Run a seed node (role seed); it forms the cluster (with no seed nodes it joins itself) and prints 'listening on <akka address>'. " +
            "To rejoin a running cluster after a restart, list itself first and a running member on a fixed port after it (--seed self --seed member): " +
            "restarted, it joins once that member sees its previous run gone, and waits up to akka.cluster.seed-node-timeout (30 s for a seed) " +
            "for the member's answer before it forms a cluster alone.");
        var port = PortOption();
        command.Options.Add(port);
        var common = new CommonOptions(command);
        command.SetAction((result, cancel) => CommandErrors.RunAsync(result, () => common.RunAsync(result, new NodeHostOptions
        {
            Role = NodeHost.SeedRole,
            Port = result.GetValue(port),
            Seeds = result.GetValue(common.Seed) ?? [],
        }, cancel)));
        return command;
    }

    /// <summary><c>worker --seed host:port</c>: a worker node (executors) that joins the cluster through a seed.</summary>
    public static Command Worker()
    {
        var command = new Command("worker", "Run a worker node (role worker) that joins the cluster through --seed, runs executors and prints 'listening on <akka address>'.");
        var port = PortOption();
        var cores = new Option<int?>("--cores") { Description = "Task slots this worker offers (actornet.rdd.cores; default: the machine's cores)." };
        command.Options.Add(port);
        command.Options.Add(cores);
        var common = new CommonOptions(command);
        command.SetAction((result, cancel) => CommandErrors.RunAsync(result, () => common.RunAsync(result, new NodeHostOptions
        {
            Role = NodeHost.WorkerRole,
            Port = result.GetValue(port),
            Seeds = result.GetValue(common.Seed) ?? [],
            Cores = result.GetValue(cores),
        }, cancel)));
        return command;
    }

    private static Option<int?> PortOption() =>
        new("--port") { Description = "TCP port of Akka's remoting; 0 picks a free one (default: actornet.remote.port, else 0)." };

    /// <summary>The options both commands take: --seed, --exit-on-stdin-close, --config and --set.</summary>
    private sealed class CommonOptions
    {
        private readonly ConfigurationOptions _configuration = new();

        public CommonOptions(Command command)
        {
            command.Options.Add(Seed);
            command.Options.Add(ExitOnStdinClose);
            _configuration.AddTo(command);
        }

        public Option<string[]> Seed { get; } = new("--seed")
        {
            Description = "Seed node to join through, host:port or akka.tcp://actornet@host:port (repeatable; default: actornet.cluster.seed-nodes).",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };

        public Option<bool> ExitOnStdinClose { get; } = new("--exit-on-stdin-close")
        {
            Description = "Leave the cluster and exit when standard input closes (the program that started this node holds it).",
        };

        public Task<int> RunAsync(ParseResult result, NodeHostOptions options, CancellationToken cancel)
        {
            var configuration = _configuration.Build(result);
            var lifeline = result.GetValue(ExitOnStdinClose) ? Console.In : null;
            return NodeHost.RunAsync(configuration, options with { Lifeline = lifeline }, result.InvocationConfiguration.Output, cancel);
        }
    }
}
