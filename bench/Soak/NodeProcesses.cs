using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ActorNet.Bench.Soak;

/// <summary>
/// The soak's cluster: an <c>actornet seed</c> and worker processes on 127.0.0.1, port 0, started and killed by the soak.
/// Each serves <c>/metrics</c> on a free port (<c>actornet.metrics.port=0</c>), where the soak reads its GC heap.
/// </summary>
internal sealed partial class NodeProcesses(string actornetDll) : IDisposable
{
    private readonly List<Process> _all = [];
    private readonly Dictionary<int, Uri> _metrics = [];

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
        foreach (var arg in (string[])["--port", "0", "--set", "actornet.metrics.port=0"]) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        _all.Add(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var metrics = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            if (Listening().Match(line) is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
            if (MetricsOn().Match(line) is { Success: true } u) metrics.TrySetResult(new Uri(u.Groups[1].Value));
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var hostPort = listening.Task.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        _metrics[process.Id] = metrics.Task.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        if (args[0] == "seed") SeedHostPort = hostPort;
        return process;
    }

    /// <summary>Where a node started here serves its metrics.</summary>
    public Uri MetricsOf(Process process) => _metrics[process.Id];

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

    [GeneratedRegex(@"metrics on (http://\S+/metrics)")]
    private static partial Regex MetricsOn();
}
