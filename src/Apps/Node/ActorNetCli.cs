using System.CommandLine;
using ActorNet.Node.Commands;

namespace ActorNet.Node;

/// <summary>The <c>actornet</c> command line: one subcommand per file under Commands/.</summary>
internal static class ActorNetCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("actornet: ActorNet node and command-line tools (seed and worker nodes, jobs, nets).");
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(TimeCommand.Create());
        return root;
    }
}
