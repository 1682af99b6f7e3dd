using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// One `dotnet actornet.dll ...` process: its stdout and stderr lines are collected so tests can await
/// a line (always with a timeout); disposing kills it (and anything it started).
/// </summary>
internal sealed partial class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private NodeProcess(Process process) => _process = process;

    /// <summary>actornet.dll next to this test assembly (the Node project is a project reference).</summary>
    public static string ActornetDll { get; } = Path.Combine(AppContext.BaseDirectory, "actornet.dll");

    public int Pid => _process.Id;

    /// <summary>The Akka address from the `listening on` line (akka.tcp://actornet@host:port, akka.ssl.tcp with a secret), once seen.</summary>
    public string Address { get; private set; } = "";

    /// <summary>host:port of <see cref="Address"/>.</summary>
    public string HostPort { get; private set; } = "";

    public static NodeProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ActornetDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // Keep the nodes light on a shared machine.
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = node.FailWaitersOnExitAsync();
        return node;
    }

    /// <summary>Starts a node and waits for its `listening on` line.</summary>
    public static async Task<NodeProcess> StartNodeAsync(TimeSpan timeout, params string[] args)
    {
        var node = Start(args);
        try
        {
            var line = await node.WaitForLineAsync(l => ListeningOn().IsMatch(l), timeout);
            var match = ListeningOn().Match(line);
            node.Address = match.Groups["address"].Value;
            node.HostPort = match.Groups["hostport"].Value;
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    // A process that exits cannot print the awaited line: fail its waiters at once, with its output.
    private async Task FailWaitersOnExitAsync()
    {
        await _process.WaitForExitAsync();
        List<TaskCompletionSource<string>> waiting;
        lock (_lines)
        {
            _exited = true;
            waiting = [.. _waiters.Select(w => w.Found)];
            _waiters.Clear();
        }
        foreach (var tcs in waiting)
            tcs.TrySetException(new InvalidOperationException($"pid {Pid} exited with {_process.ExitCode} before printing the awaited line:\n{Output}"));
    }

    private bool _exited;

    private void OnLine(string? line)
    {
        if (line is null) return;
        List<TaskCompletionSource<string>> found = [];
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                found.Add(waiter.Found);
            }
        }
        foreach (var tcs in found) tcs.TrySetResult(line);
    }

    /// <summary>Waits for a line (already printed or still to come) that matches.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="timeout"/>; the message holds the output so far.</exception>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int after = 0)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            var existing = _lines.Skip(after).FirstOrDefault(match);
            if (existing is not null) return existing;
            if (_exited) throw new InvalidOperationException($"pid {Pid} has exited; output:\n{Output}");
            _waiters.Add((match, found));
        }
        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no matching line within {timeout}; output of pid {Pid}:\n{Output}");
        }
    }

    /// <summary>Lines printed so far (stdout and stderr interleaved).</summary>
    public int LineCount { get { lock (_lines) return _lines.Count; } }

    public string Output { get { lock (_lines) return string.Join('\n', _lines.TakeLast(80)); } }

    public bool HasExited => _process.HasExited;

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public int ExitCode => _process.ExitCode;

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public const int SIGKILL = 9, SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // A stopped process must be continued to die promptly on some kernels' accounting; SIGKILL works either way.
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    // akka.tcp without credentials, akka.ssl.tcp when the secret (or certificates) turn TLS on.
    [GeneratedRegex(@"^listening on (?<address>akka(\.ssl)?\.tcp://actornet@(?<hostport>[^/\s]+))$")]
    private static partial Regex ListeningOn();
}
