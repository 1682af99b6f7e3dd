using System.Globalization;
using System.Runtime.InteropServices;
using ActorNet.Configuration;
using ActorNet.ControlPlane;
using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The entry point that makes ActorNet.Rdd.dll runnable (<c>dotnet exec ActorNet.Rdd.dll seed|worker ...</c>): the
/// seed and worker processes of <c>local-cluster[N]</c>. Every SDK project that references ActorNet.Rdd gets the
/// dll with its runtimeconfig.json and deps.json in its output, so a driver finds its worker program next to
/// <c>typeof(ClusterContext).Assembly.Location</c> with no setup. The cluster secret comes in the
/// <c>ACTORNET_SECRET</c> environment variable; the node prints <c>listening on &lt;address&gt;</c> once bound and
/// leaves the cluster on SIGTERM, SIGINT or when its standard input closes (the driver that started it is gone).
/// </summary>
internal static class NodeProgram
{
    private const string Usage = "usage: ActorNet.Rdd.dll seed | worker --seed host:port [--cores N]";

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("seed" or "worker"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        string? seed = null;
        var cores = Environment.ProcessorCount;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seed" when i + 1 < args.Length: seed = args[++i]; break;
                case "--cores" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c > 0:
                    cores = c;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"unexpected argument '{args[i]}'; {Usage}");
                    return 2;
            }
        }
        if (args[0] == "worker" && seed is null)
        {
            Console.Error.WriteLine($"a worker needs --seed; {Usage}");
            return 2;
        }
        return Run(args[0], seed, cores);
    }

    private static int Run(string role, string? seed, int cores)
    {
        var values = LocalClusterSettings.Node(role, seed);
        var config = new ConfigurationBuilder().AddActorNetReference().AddInMemoryCollection(values).Build();
        using var loggers = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Warning);
            b.AddSimpleConsole(o => o.SingleLine = true);
            b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        var node = ClusterNode.Start(config, loggers);
        var system = node.System;
        if (role == "worker")
        {
            // Workers host the sharded vector store (parameter-server shards), as `actornet worker` does.
            ActorNet.VectorStore.ShardedVectorStore.StartIfHosting(system);
            ExecutorHost.Start(system, cores);
        }
        Console.WriteLine($"listening on {node.Address}");
        Console.Out.Flush();

        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        // The driver holds our standard input: end of input means it is gone, and so should we be - with every other node
        // of its local cluster, so the shutdown skips what only matters to nodes that stay (sharding hand-offs).
        bool driverGone = false;
        var stdin = new Thread(() =>
        {
            try
            {
                while (Console.In.ReadLine() is not null)
                {
                }
            }
            catch (IOException)
            {
            }
            driverGone = true;
            stop.Cancel();
        }) { IsBackground = true, Name = "stdin-watch" };
        stdin.Start();
        Task.WaitAny(system.WhenTerminated, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        // When the driver is gone its whole local cluster stops: hand-offs would only pass shards between leaving nodes.
        var reason = Volatile.Read(ref driverGone) ? (CoordinatedShutdown.Reason)CoordinatedShutdown.ClusterDowningReason.Instance : CoordinatedShutdown.ClrExitReason.Instance;
        CoordinatedShutdown.Get(system).Run(reason).Wait(TimeSpan.FromSeconds(30));
        node.DataPlane.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        return 0;
    }
}
