using System.Diagnostics;
using System.Text.Json;

namespace ActorNet.Cluster.Tests;

/// <summary>Runs a short-lived `actornet` command (status) to completion, bounded in time.</summary>
internal static class ActornetCommand
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public sealed record MemberRow(string Address, string[] Roles, string Status, bool Reachable);

    public static async Task<Result> RunAsync(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(NodeProcess.ActornetDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>`actornet status --seed hostPort --json`, parsed; fails the test when the command fails.</summary>
    public static async Task<IReadOnlyList<MemberRow>> StatusAsync(string hostPort, params string[] extra)
    {
        var result = await RunAsync(TimeSpan.FromSeconds(40), ["status", "--seed", hostPort, "--json", .. extra]);
        Assert.True(result.ExitCode == 0, $"status exited with {result.ExitCode}: {result.Stderr}");
        return JsonSerializer.Deserialize<MemberRow[]>(result.Stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException($"status printed no JSON: {result.Stdout}");
    }

    /// <summary>
    /// `actornet status` through <paramref name="node"/> with the cluster secret until <paramref name="done"/> holds for
    /// its rows; membership converges through gossip, so it asks again once the node has logged another cluster event
    /// (or after 5 s). Fails with <paramref name="expected"/>, the last rows and <paramref name="context"/> after
    /// <paramref name="patience"/>.
    /// </summary>
    public static async Task AwaitStatusAsync(NodeProcess node, string secret, Func<IReadOnlyList<MemberRow>, bool> done, string expected,
        TimeSpan patience, Func<string>? context = null)
    {
        using var deadline = new CancellationTokenSource(patience);
        IReadOnlyList<MemberRow> rows = [];
        while (!deadline.IsCancellationRequested)
        {
            rows = await StatusAsync(node.HostPort, "--set", $"actornet.remote.secret={secret}");
            if (done(rows)) return;
            await node.WaitForLineAsync(l => l.Contains("cluster event", StringComparison.Ordinal), TimeSpan.FromSeconds(5), node.LineCount).ContinueWith(_ => { });
        }
        Assert.Fail($"expected {expected} through {node.HostPort}, status shows: {string.Join("; ", rows)}{context?.Invoke()}");
    }
}
