using System.Net.Sockets;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Real `actornet` processes on 127.0.0.1 (ports picked by the OS), Akka.NET nodes underneath: formation with roles,
/// failure detection and the split brain resolver's downing, graceful leave, a late joiner, a wrong secret, hostile
/// bytes. Akka's cluster timings are shortened with --set; every wait is bounded, and every process is killed when the
/// test ends.
/// </summary>
public sealed class ClusterProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Secret = "multi-process-secret";
    private readonly List<NodeProcess> _nodes = [];

    /// <summary>
    /// Short Akka cluster timings (heartbeat 200 ms, acceptable pause 2 s, the given split brain resolver stable-after)
    /// and the secret, or none (plain TCP on loopback) when <paramref name="secret"/> is null.
    /// </summary>
    private static string[] Settings(string stableAfter, string? secret = Secret) =>
    [
        .. secret is null ? [] : new[] { "--set", $"actornet.remote.secret={secret}" },
        "--set", "akka.remote.retry-gate-closed-for=500ms",
        "--set", "akka.cluster.retry-unsuccessful-join-after=1s",
        "--set", "akka.cluster.gossip-interval=200ms",
        "--set", "akka.cluster.leader-actions-interval=200ms",
        "--set", "akka.cluster.failure-detector.heartbeat-interval=200ms",
        "--set", "akka.cluster.failure-detector.acceptable-heartbeat-pause=5s", // 2 s took a busy live worker for dead on a loaded CI machine
        "--set", $"akka.cluster.split-brain-resolver.stable-after={stableAfter}",
    ];

    private async Task<NodeProcess> Seed(string stableAfter, string? secret = Secret)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, ["seed", "--port", "0", .. Settings(stableAfter, secret)]);
        _nodes.Add(node);
        return node;
    }

    private async Task<NodeProcess> Worker(NodeProcess seed, string stableAfter, string secret = Secret)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, ["worker", "--seed", seed.HostPort, "--port", "0", "--cores", "1", .. Settings(stableAfter, secret)]);
        _nodes.Add(node);
        return node;
    }

    private static Func<string, bool> Event(string kind, NodeProcess member) =>
        line => line.Contains($"cluster event {kind} {member.Address} ", StringComparison.Ordinal);

    private static Task AwaitMembers(NodeProcess seed, int up) =>
        ActornetCommand.AwaitStatusAsync(seed, Secret, rows => rows.Count == up && rows.All(r => r.Status == "Up" && r.Reachable),
            $"{up} reachable Up members", Patience);

    [Fact]
    public async Task A_seed_and_three_workers_form_a_cluster_a_killed_worker_is_downed_and_removed_a_late_one_joins_and_a_terminated_one_leaves()
    {
        var seed = await Seed(stableAfter: "1s");
        var workers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Worker(seed, "1s")));
        await AwaitMembers(seed, 4);

        var rows = await ActornetCommand.StatusAsync(seed.HostPort, "--set", $"actornet.remote.secret={Secret}");
        Assert.StartsWith("akka.ssl.tcp://actornet@127.0.0.1:", seed.Address); // the secret turns TLS on
        Assert.Contains(rows, r => r.Address == seed.Address && r.Roles.SequenceEqual(["seed"]));
        Assert.All(workers, w => Assert.Contains(rows, r => r.Address == w.Address && r.Roles.SequenceEqual(["worker"])));

        var victim = workers[2];
        int mark = seed.LineCount;
        victim.Signal(NodeProcess.SIGKILL);
        // Unreachable after the acceptable pause, downed by the split brain resolver (keep-majority: 3 of 4 stay) after
        // stable-after, then removed.
        await seed.WaitForLineAsync(Event("UnreachableMember", victim), Patience, mark);
        await seed.WaitForLineAsync(Event("MemberDowned", victim), Patience, mark);
        await seed.WaitForLineAsync(Event("MemberRemoved", victim), Patience, mark);
        await AwaitMembers(seed, 3);

        // A worker that joins late becomes a member like the first ones.
        var late = await Worker(seed, "1s");
        await AwaitMembers(seed, 4);
        rows = await ActornetCommand.StatusAsync(late.HostPort, "--set", $"actornet.remote.secret={Secret}");
        Assert.Contains(rows, r => r.Address == late.Address && r.Roles.SequenceEqual(["worker"]) && r.Status == "Up");

        // SIGTERM is a graceful leave: Exiting, then removed, and the process ends on its own with 0.
        var leaver = workers[1];
        mark = seed.LineCount;
        leaver.Signal(NodeProcess.SIGTERM);
        await seed.WaitForLineAsync(Event("MemberExited", leaver), Patience, mark);
        await seed.WaitForLineAsync(Event("MemberRemoved", leaver), Patience, mark);
        await leaver.WaitForExitAsync(Patience);
        Assert.Equal(0, leaver.ExitCode);
        await AwaitMembers(seed, 3);
    }

    [Fact]
    public async Task A_stopped_worker_becomes_unreachable_and_reachable_again_after_it_continues()
    {
        // stable-after far beyond the test: the resolver must not down the paused worker.
        var seed = await Seed(stableAfter: "5m");
        var worker = await Worker(seed, "5m");
        await AwaitMembers(seed, 2);

        int mark = seed.LineCount;
        worker.Signal(NodeProcess.SIGSTOP);
        try
        {
            await seed.WaitForLineAsync(Event("UnreachableMember", worker), Patience, mark);
        }
        finally
        {
            worker.Signal(NodeProcess.SIGCONT);
        }
        await seed.WaitForLineAsync(Event("ReachableMember", worker), Patience, mark);
        await AwaitMembers(seed, 2);
    }

    [Fact]
    public async Task A_worker_with_the_wrong_secret_is_refused_never_becomes_a_member_and_exits()
    {
        var seed = await Seed(stableAfter: "1s");
        int mark = seed.LineCount;
        var intruder = await Worker(seed, "1s", secret: "not-the-secret");

        // Mutual TLS: the seed refuses the intruder's certificate, which carries no proof of the cluster's secret, and
        // Akka.NET shuts down a node whose own outbound TLS handshake fails: the misconfigured node fails fast.
        await seed.WaitForLineAsync(l => l.Contains("refused TLS peer", StringComparison.Ordinal), Patience, mark);
        await intruder.WaitForExitAsync(Patience);
        Assert.NotEqual(0, intruder.ExitCode);
        Assert.Contains("TLS handshake failed", intruder.Output);

        var fromSeed = await ActornetCommand.StatusAsync(seed.HostPort, "--set", $"actornet.remote.secret={Secret}");
        Assert.Equal([seed.Address], fromSeed.Select(r => r.Address));
        Assert.DoesNotContain(seed.Output.Split('\n'), l => l.Contains($"cluster event MemberJoined {intruder.Address}", StringComparison.Ordinal));

        var wrong = await ActornetCommand.RunAsync(Patience, "status", "--seed", seed.HostPort, "--timeout", "3", "--set", "actornet.remote.secret=not-the-secret");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal("", wrong.Stdout);
        Assert.Contains("no answer", wrong.Stderr);
    }

    [Theory]
    [InlineData(Secret)]
    [InlineData(null)]
    public async Task Random_bytes_and_an_oversize_frame_close_the_connection_and_the_seed_keeps_answering(string? secret)
    {
        // With the secret, Akka's port speaks TLS and both fail the handshake; without, they reach Akka's frame decoder.
        var seed = await Seed(stableAfter: "1s", secret);
        int port = int.Parse(seed.HostPort.Split(':')[1]);

        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        Assert.True(await SendAndExpectClose(port, garbage));

        // A length prefix far above Akka's maximum-frame-size (128,000 bytes) read either way round, then a few bytes.
        byte[] oversize = [0x7f, 0xff, 0xff, 0x7f, 1, 2, 3, 4];
        Assert.True(await SendAndExpectClose(port, oversize));

        var rows = await ActornetCommand.StatusAsync(seed.HostPort, secret is null ? [] : ["--set", $"actornet.remote.secret={secret}"]);
        Assert.Equal([seed.Address], rows.Select(r => r.Address));
        Assert.False(seed.HasExited);
    }

    /// <summary>Sends bytes on a fresh connection and reports whether the node closed it (bounded wait).</summary>
    private static async Task<bool> SendAndExpectClose(int port, byte[] bytes)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        try
        {
            await socket.SendAsync(bytes, SocketFlags.None);
        }
        catch (SocketException)
        {
            return true; // already reset by the node
        }
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0) return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }
}
