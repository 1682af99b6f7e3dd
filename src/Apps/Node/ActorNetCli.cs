using System.CommandLine;
using ActorNet.Node.Commands;
using ActorNet.Rdd.CommandLine;

namespace ActorNet.Node;

/// <summary>
/// The <c>actornet</c> command line: one subcommand per file under Commands/, and the node program's <c>seed</c> and
/// <c>worker</c> (ActorNet.Rdd's <see cref="NodeCommands"/>, which ActorNet.Rdd.dll runs as local-cluster's processes).
/// </summary>
internal static class ActorNetCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("actornet: ActorNet node and command-line tools (seed and worker nodes, jobs, nets).");
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(NodeCommands.Seed());
        root.Subcommands.Add(NodeCommands.Worker());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(TimeCommand.Create());
        return root;
    }
}
