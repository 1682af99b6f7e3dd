using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ActorNet.Rdd;
using ActorNet.Rdd.Events;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// A worker whose shuffle folder (<c>actornet.rdd.storage.local-dir</c>) is on a full disk, beside a healthy one: its
/// shuffle writes fail with an error naming the file, the scheduler retries those tasks on the other worker (a task
/// that failed on an executor waits for another), and the job's result is right. The full disk is a 1 MiB tmpfs filled
/// up, which only root can mount.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class FullDiskWorkerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Secret = "full-disk-secret";
    private readonly List<NodeProcess> _nodes = [];
    private readonly string _full = Directory.CreateTempSubdirectory("actornet-full-").FullName;
    private bool _mounted;

    private async Task<NodeProcess> Start(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, "--port", "0", "--set", $"actornet.remote.secret={Secret}"]);
        _nodes.Add(node);
        return node;
    }

    [RootFact]
    public async Task Shuffle_writes_on_a_full_disk_fail_naming_the_file_and_run_again_on_the_other_worker()
    {
        Run("mount", "-t", "tmpfs", "-o", "size=1m", "actornet-full", _full);
        _mounted = true;
        // Fill it: every write after this fails with ENOSPC (a folder still fits, it takes no data blocks).
        using (var filler = File.Create(Path.Combine(_full, "filler")))
        {
            var block = new byte[64 * 1024];
            try
            {
                while (true) filler.Write(block);
            }
            catch (IOException)
            {
                // Full.
            }
        }

        var seed = await Start("seed");
        var full = await Start("worker", "--seed", seed.HostPort, "--cores", "2", "--set", $"actornet.rdd.storage.local-dir={_full}");
        var healthy = await Start("worker", "--seed", seed.HostPort, "--cores", "2");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:remote:secret"] = Secret }).Build();
        using var sc = new ClusterContext($"actornet://{seed.HostPort}", "full-disk", config);
        var failed = new ConcurrentQueue<TaskEnded>();
        sc.AddListener(new FailedTasks(failed));
        var waited = Stopwatch.StartNew();
        while (sc.ClusterBackend!.Executors.Count < 2)
        {
            Assert.True(waited.Elapsed < Patience, "both workers never registered an executor");
            await Task.Delay(20);
        }

        // 16 map tasks over both workers' 4 slots: the full worker takes some of the first ones at least.
        var lines = Enumerable.Range(0, 4000).Select(i => $"w{i % 97} w{i % 13}").ToArray();
        var counts = sc.Parallelize(lines, 16).FlatMap(l => l.Split(' ')).Map(w => (w, 1L)).ReduceByKey((a, b) => a + b, 4).Collect();
        var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected, counts.ToDictionary(c => c.Item1, c => c.Item2));
        sc.Stop(); // delivers the listener's last events

        Assert.NotEmpty(failed);
        Assert.All(failed, f =>
        {
            Assert.Equal(full.Address, f.ExecutorId);
            Assert.Contains("No space left on device", f.Error);
            Assert.Contains(_full + "/", f.Error); // names the file
        });
        Assert.False(full.HasExited || healthy.HasExited);
    }

    private sealed class FailedTasks(ConcurrentQueue<TaskEnded> failed) : IClusterListener
    {
        public void OnEvent(ListenerEvent e)
        {
            if (e is TaskEnded { Reason: "ExceptionFailure" } ended) failed.Enqueue(ended);
        }
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true }) ?? throw new InvalidOperationException($"could not start {program}");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {error}");
    }

    public void Dispose()
    {
        // The workers go first: a busy mount cannot be unmounted.
        foreach (var node in _nodes) node.Dispose();
        if (_mounted) Run("umount", _full);
        Directory.Delete(_full, recursive: true);
    }

    /// <summary>A fact that runs only as root (it mounts a tmpfs); skipped elsewhere.</summary>
    internal sealed class RootFactAttribute : FactAttribute
    {
        public RootFactAttribute()
        {
            if (geteuid() != 0) Skip = "mounting the full tmpfs needs root";
        }

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
