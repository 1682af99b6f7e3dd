using System.CommandLine;
using ActorNet.MnistApp;
using ActorNet.Node.Tests;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Distributed training on a real cluster of <c>actornet seed</c> and <c>actornet worker</c> processes: MnistApp as the
/// driver (<c>--master actornet://seed</c>) in each mode; in one run a worker is killed mid-training and the job finishes
/// on the survivor. The nodes and the driver keep Akka's default failure detection (a lost worker is downed after the
/// split brain resolver's 20 s), as a user's cluster would.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class ActornetTrainingTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<NodeProcess> _nodes = [];
    private readonly TinyMnist _data = new(trainImages: 256, testImages: 100);

    private async Task<NodeProcess> Start(params string[] args)
    {
        var node = await NodeProcess.StartNodeAsync(Patience, [.. args, "--port", "0"]);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    private async Task<(NodeProcess Seed, NodeProcess[] Workers)> StartCluster()
    {
        var seed = await Start("seed");
        // One after the other, so workers[0] is the oldest: it runs the store's shard coordinator (Akka's singleton).
        var first = await Start("worker", "--seed", seed.HostPort, "--cores", "2");
        var second = await Start("worker", "--seed", seed.HostPort, "--cores", "2");
        return (seed, [first, second]);
    }

    private Task<(int Code, string Output, string Error)> Train(NodeProcess seed, string mode, int rounds, StringWriter output)
    {
        var error = new StringWriter();
        string folder = Path.Combine(_data.Folder, $"run-{mode}-{Guid.NewGuid():N}");
        return Task.Run(() =>
        {
            int code = MnistCli.Build().Parse([
                "--master", $"actornet://{seed.HostPort}", "--workers", "2", "--mode", mode, "--sync-interval", "2",
                "--rounds", rounds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--test-every", "1",
                "--threads", "1", "--data", _data.DataFolder, "--out", folder]).Invoke(new InvocationConfiguration { Output = output, Error = error });
            return (code, output.ToString(), error.ToString());
        });
    }

    [Theory]
    [InlineData("averaging")]
    [InlineData("ps")]
    [InlineData("allreduce")]
    public async Task Every_mode_trains_on_actornet_worker_processes(string mode)
    {
        var (seed, _) = await StartCluster();
        var (code, text, error) = await Train(seed, mode, rounds: 2, new StringWriter()).WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(code == 0, $"{mode}: exit {code}\n{error}\n{text}");
        Assert.Contains("done: test accuracy", text);
    }

    [Theory]
    [InlineData(0)] // the oldest worker: it runs the store's shard coordinator (Akka's singleton), which must move
    [InlineData(1)]
    public async Task Averaging_finishes_when_a_worker_process_is_killed_mid_training(int victim)
    {
        var (seed, workers) = await StartCluster();
        var output = new StringWriter();
        var training = Train(seed, "averaging", rounds: 4, output);

        // Kill a worker once round 1 is reported: the trainer recovers on the survivor and finishes every round.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!output.ToString().Contains("round 1", StringComparison.Ordinal) && !training.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "round 1 never finished:\n" + output);
            await Task.Delay(50);
        }
        workers[victim].Signal(NodeProcess.SIGKILL);
        var finished = await Task.WhenAny(training, Task.Delay(TimeSpan.FromMinutes(3)));
        Assert.True(finished == training, "training did not finish after the kill:\n" + output);
        var (code, text, error) = await training;
        Assert.True(code == 0, $"exit {code}\n{error}\n{text}");
        Assert.Contains("done: test accuracy", text);
        Assert.False(workers[1 - victim].HasExited);
        Assert.False(seed.HasExited);
    }

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
        _data.Dispose();
    }
}
