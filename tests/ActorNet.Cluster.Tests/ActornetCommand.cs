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
}
