using System.CommandLine;
using ActorNet.Rdd.CommandLine;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The entry point that makes ActorNet.Rdd.dll runnable: <c>dotnet exec ActorNet.Rdd.dll seed|worker ...</c> is the
/// node program of <c>actornet seed|worker</c> (<see cref="NodeHost"/>, the same commands and flags: --port, --seed,
/// --cores, --config, --set, --exit-on-stdin-close). Every SDK project that references ActorNet.Rdd gets the dll with
/// its runtimeconfig.json and deps.json in its output, so a <c>local-cluster[N]</c> driver starts its seed and worker
/// processes from next to <c>typeof(ClusterContext).Assembly.Location</c> with no setup.
/// </summary>
internal static class NodeProgram
{
    public static Task<int> Main(string[] args) =>
        // SIGINT/SIGTERM are left to the node host, which turns them into a graceful leave that System.CommandLine's
        // own handling would cut short.
        NodeCommands.Root().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
}
