using System.CommandLine;
using System.Text.Json;
using ActorNet.ControlPlane;
using ActorNet.Rdd.CommandLine;

namespace ActorNet.Node.Commands;

/// <summary>
/// <c>actornet status --seed host:port [--json]</c>: asks a node's <c>/user/cluster-status</c> actor for its view of
/// the cluster, from a temporary Akka system that is not a member (<see cref="ClusterStatus.QueryAsync"/>, with this
/// command's secret or certificates), and prints the members.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var options = new ConfigurationOptions();
        var seed = new Option<string>("--seed") { Description = "Node to ask, host:port or akka.tcp://actornet@host:port.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {address, roles, status, reachable}." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer.", DefaultValueFactory = _ => 10 };
        var command = new Command("status", "Print the members of the cluster as a node sees them (address, roles, status, reachable).");
        command.Options.Add(seed);
        command.Options.Add(json);
        command.Options.Add(timeout);
        options.AddTo(command);
        command.SetAction((result, _) => CommandErrors.RunAsync(result, async () =>
        {
            var node = result.GetValue(seed)!;
            var seconds = result.GetValue(timeout);
            if (!(seconds > 0)) throw new ArgumentException($"--timeout {seconds} must be a positive number of seconds");
            var reply = await ClusterStatus.QueryAsync(options.Build(result), node, TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
            var output = result.InvocationConfiguration.Output;
            output.Write(result.GetValue(json) ? Json(reply.Members) : Table(reply));
            return 0;
        }));
        return command;
    }

    internal static string Json(IReadOnlyList<MemberInfo> members) =>
        JsonSerializer.Serialize(members.Select(m => new { address = m.Address, roles = m.Roles, status = m.Status, reachable = m.Reachable }),
            new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;

    internal static string Table(ClusterStatusReply reply)
    {
        string[] header = ["ADDRESS", "ROLES", "STATUS", "REACHABLE"];
        var rows = reply.Members.Select(m => new[]
        {
            m.Address + (m.Address == reply.Leader ? " (leader)" : ""),
            string.Join(",", m.Roles),
            m.Status,
            m.Reachable ? "yes" : "no",
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var lines = rows.Select(r => string.Join("  ", r.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
