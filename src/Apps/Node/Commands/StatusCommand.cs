using System.CommandLine;
using System.Text.Json;
using ActorNet.Actors;
using ActorNet.Node.Hosting;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Node.Commands;

/// <summary>
/// <c>actornet status --seed host:port [--json]</c>: asks a node's cluster daemon for its view of the
/// cluster from a temporary client system (not a member) and prints the members.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var options = new ConfigurationOptions();
        var seed = new Option<string>("--seed") { Description = "Node to ask, host:port or actornet.tcp://actornet@host:port.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {address, roles, status, reachable}." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the answer.", DefaultValueFactory = _ => 10 };
        var command = new Command("status", "Print the members of the cluster as a node sees them (address, roles, status, reachable).");
        command.Options.Add(seed);
        command.Options.Add(json);
        command.Options.Add(timeout);
        options.AddTo(command);
        command.SetAction((result, _) => CommandErrors.RunAsync(result, async () =>
        {
            var target = SeedAddress.Parse(result.GetValue(seed)!);
            double seconds = result.GetValue(timeout);
            if (!(seconds > 0)) throw new ArgumentException($"--timeout {seconds} must be a positive number of seconds");
            var state = await QueryAsync(options.Build(result), target, TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
            var output = result.InvocationConfiguration.Output;
            output.Write(result.GetValue(json) ? Json(Rows(state)) : Table(Rows(state)));
            return 0;
        }));
        return command;
    }

    private static async Task<CurrentClusterState> QueryAsync(IConfiguration effective, Address target, TimeSpan timeout)
    {
        // A client system on a free port: remoting needs one to receive the answer.
        var configuration = new ConfigurationBuilder().AddConfiguration(effective)
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>("actornet:remote:port", "0")]).Build();
        var client = ActorSystem.Create("actornet-status", configuration);
        try
        {
            return await Cluster.QueryStateAsync(client, target, timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no answer from {target} within {timeout.TotalSeconds:0.#}s (is it running, and is actornet.remote.secret the same?)");
        }
        finally
        {
            await client.Terminate().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>One member as status prints it.</summary>
    internal sealed record Row(string Address, string[] Roles, string Status, bool Reachable, bool Leader);

    internal static IReadOnlyList<Row> Rows(CurrentClusterState state) =>
        [.. state.Members.Select(m => new Row(m.Address.ToString(), [.. m.Roles], m.Status.ToString(), state.IsReachable(m), m.Address.Equals(state.Leader)))];

    internal static string Json(IReadOnlyList<Row> rows) =>
        JsonSerializer.Serialize(rows.Select(r => new { address = r.Address, roles = r.Roles, status = r.Status, reachable = r.Reachable }),
            new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;

    internal static string Table(IReadOnlyList<Row> members)
    {
        string[] header = ["ADDRESS", "ROLES", "STATUS", "REACHABLE"];
        var rows = members.Select(m => new[]
        {
            m.Address + (m.Leader ? " (leader)" : ""),
            string.Join(",", m.Roles),
            m.Status,
            m.Reachable ? "yes" : "no",
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var lines = rows.Select(r => string.Join("  ", r.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
