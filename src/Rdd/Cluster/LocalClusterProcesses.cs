using System.Diagnostics;
using System.Security.Cryptography;

namespace ActorNet.Rdd.Cluster;

/// <summary>
/// The processes of <c>local-cluster[N]</c>: a seed and N workers, each <c>dotnet exec ActorNet.Rdd.dll seed|worker</c>
/// (the <see cref="NodeProgram"/> entry point: the node program of <c>actornet seed|worker</c>, same flags) from the
/// folder ActorNet.Rdd was loaded from, on 127.0.0.1 with port 0, sharing a fresh secret (in <c>ACTORNET_SECRET</c>).
/// Each process's address is read from its <c>listening on</c> line. They run with <c>--exit-on-stdin-close</c>:
/// Dispose closes their standard input (they leave the cluster and exit) and kills any still running after a grace
/// period.
/// </summary>
internal sealed class LocalClusterProcesses : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly List<Process> _processes = [];

    // Set when Dispose begins: the processes' logs are no longer echoed.
    private bool _stopping;

    private LocalClusterProcesses(string secret) => Secret = secret;

    /// <summary>The secret every process of this cluster (and the driver) uses for remoting.</summary>
    public string Secret { get; }

    /// <summary>The seed's host:port.</summary>
    public string SeedAddress { get; private set; } = "";

    /// <summary>The workers' addresses, in start order.</summary>
    public IReadOnlyList<string> WorkerAddresses => _workers;

    private readonly List<string> _workers = [];

    /// <summary>The worker processes, in start order (tests kill one to inject a failure).</summary>
    public IReadOnlyList<Process> Workers => _processes.Skip(1).ToList();

    /// <summary>
    /// Raised with a worker's address when its process ends: the driver need not wait for the failure detector to
    /// learn that the executor is gone (Spark's local-cluster also watches its worker processes).
    /// </summary>
    public event Action<string>? WorkerExited;

    /// <summary>ActorNet.Rdd.dll, the program every process runs.</summary>
    public static string NodeDll => typeof(ClusterContext).Assembly.Location;

    /// <summary>Starts the seed, then <paramref name="workers"/> workers with <paramref name="coresPerWorker"/> task slots each.</summary>
    /// <exception cref="InvalidOperationException">A process exited or did not print its address within a minute; the message holds its output.</exception>
    public static LocalClusterProcesses Start(int workers, int coresPerWorker)
    {
        var cluster = new LocalClusterProcesses(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        try
        {
            var seed = cluster.StartNode([NodeHost.SeedRole]);
            cluster.SeedAddress = seed[(seed.IndexOf('@') + 1)..];
            var started = Enumerable.Range(0, workers)
                .Select(_ => Task.Run(() => cluster.StartNode([NodeHost.WorkerRole, "--seed", cluster.SeedAddress, "--cores", coresPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
                .ToArray();
            foreach (var t in started) cluster._workers.Add(t.GetAwaiter().GetResult());
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Starts one more worker with <paramref name="cores"/> task slots (a worker joining at run time); returns its address.</summary>
    public string AddWorker(int cores)
    {
        var address = StartNode([NodeHost.WorkerRole, "--seed", SeedAddress, "--cores", cores.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        lock (_workers) _workers.Add(address);
        return address;
    }

    private string StartNode(string[] args)
    {
        var dll = NodeDll;
        if (string.IsNullOrEmpty(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
            throw new InvalidOperationException($"local-cluster needs {Path.GetFileName(dll)} with its runtimeconfig.json next to it (found '{dll}'); reference the ActorNet.Rdd project or package so the build copies them.");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var a in (string[])["--port", "0", "--exit-on-stdin-close", .. LocalClusterSettings.NodeArguments()]) info.ArgumentList.Add(a);
        info.Environment[LocalClusterSettings.SecretVariable] = Secret;
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        lock (_processes) _processes.Add(process);
        var output = new System.Text.StringBuilder();
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.StartsWith("listening on ", StringComparison.Ordinal)) address.TrySetResult(e.Data["listening on ".Length..].Trim());
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            // Worker logs (warnings and errors) show up in the driver's standard error.
            // Once the driver stops the cluster, every node sees every other go (Akka logs each lost association as a
            // warning or error): nothing a user needs to read, so the echo ends there.
            if (!Volatile.Read(ref _stopping)) Console.Error.WriteLine($"[{args[0]} {process.Id}] {e.Data}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ =>
        {
            lock (output) address.TrySetException(new InvalidOperationException($"{args[0]} process {process.Id} exited with {process.ExitCode} before printing its address:\n{output}"));
            if (address.Task.IsCompletedSuccessfully && args[0] == NodeHost.WorkerRole) WorkerExited?.Invoke(address.Task.Result);
        }, TaskScheduler.Default);
        try
        {
            return address.Task.WaitAsync(StartTimeout).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            lock (output) throw new InvalidOperationException($"{args[0]} process {process.Id} printed no address within {StartTimeout.TotalSeconds} s:\n{output}");
        }
    }

    /// <summary>Stops echoing the processes' logs: the driver is stopping the cluster (see the echo).</summary>
    public void StopEchoingLogs() => Volatile.Write(ref _stopping, true);

    public void Dispose()
    {
        StopEchoingLogs();
        Process[] all;
        lock (_processes) all = [.. _processes];
        // Workers first (they leave a cluster that still has its seed), the seed last.
        foreach (var p in all.Reverse())
        {
            try
            {
                if (!p.HasExited) p.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // Already gone.
            }
        }
        foreach (var p in all)
        {
            try
            {
                if (!p.WaitForExit(TimeSpan.FromSeconds(15))) p.Kill(entireProcessTree: true);
                p.WaitForExit(TimeSpan.FromSeconds(5));
            }
            catch (InvalidOperationException)
            {
                // Never started or already reaped.
            }
            p.Dispose();
        }
    }
}
