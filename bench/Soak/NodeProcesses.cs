using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ActorNet.Bench.Soak;

/// <summary>The soak's cluster: an <c>actornet seed</c> and worker processes on 127.0.0.1, port 0, started and killed by the soak.</summary>
internal sealed partial class NodeProcesses(string actornetDll) : IDisposable
{
    private readonly List<Process> _all = [];

    public string SeedHostPort { get; private set; } = "";

    public Process Seed { get; private set; } = null!;

    public Process StartSeed()
    {
        Seed = Start("seed");
        return Seed;
    }

    public Process StartWorker() => Start("worker", "--seed", SeedHostPort, "--cores", "2");

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(actornetDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var arg in (string[])["--port", "0"]) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        _all.Add(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var hostPort = listening.Task.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        if (args[0] == "seed") SeedHostPort = hostPort;
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _all)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }

    [GeneratedRegex(@"listening on akka(?:\.ssl)?\.tcp://actornet@([^/\s]+)")]
    private static partial Regex Listening();
}
