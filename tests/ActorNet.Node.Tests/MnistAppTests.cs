using System.CommandLine;
using ActorNet.MnistApp;

namespace ActorNet.Node.Tests;

public sealed class MnistAppTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = MnistCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void AMissingDataFolderIsNamed()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-mnist-{Guid.NewGuid():N}");
        var (code, _, error) = Run("--data", missing);
        Assert.Equal(1, code);
        Assert.Contains($"data folder {missing} does not exist", error);
    }

    [Theory]
    [InlineData("--no-lr-scaling", "true")]
    [InlineData("--workers", "2")]
    [InlineData("--sync-interval", "5")]
    public void DistributedOptionsNeedADistributedMaster(string option, string value)
    {
        var (code, _, error) = Run("--master", "local", option, value);
        Assert.Equal(1, code);
        Assert.Contains($"{option} belongs to distributed training", error);
    }

    [Fact]
    public void AnUnknownModeIsRefusedByName()
    {
        using var tiny = new TinyMnist(trainImages: 64, testImages: 20);
        var (code, _, error) = Run("--master", "local[2]", "--mode", "ring", "--data", tiny.DataFolder);
        Assert.Equal(1, code);
        Assert.Contains("--mode ring is unknown", error);
    }

    [Theory]
    [InlineData("ps")]
    [InlineData("ps-async")]
    [InlineData("allreduce")]
    public void EveryModeTrainsOnTwoLocalWorkers(string mode)
    {
        using var tiny = new TinyMnist(trainImages: 256, testImages: 100);
        string output = Path.Combine(tiny.Folder, "run");
        var (code, text, error) = Run("--master", "local[2]", "--workers", "2", "--mode", mode, "--sync-interval", "2", "--rounds", "2",
            "--threads", "1", "--data", tiny.DataFolder, "--out", output);
        Assert.True(code == 0, error);
        Assert.Contains(TrainingModeText(mode), text);
        // Linear scaling by default, except where every push is applied on its own.
        Assert.Contains(mode == "ps-async" ? "lr 0.01 (not scaled: each asynchronous push is applied on its own)" : "lr 0.02 (0.01 × 2 workers, linear scaling)", text);
        Assert.Equal(["2"], File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(m => m.Split(',')[0]));
        Assert.Contains("done: test accuracy", text);
    }

    [Fact]
    public void AResumedRunContinuesFromTheCheckpointOfTheFirst()
    {
        using var tiny = new TinyMnist(trainImages: 256, testImages: 100);
        string first = Path.Combine(tiny.Folder, "first"), second = Path.Combine(tiny.Folder, "second");
        string[] common = ["--master", "local[2]", "--workers", "2", "--sync-interval", "2", "--threads", "1", "--data", tiny.DataFolder];
        var (code, _, error) = Run([.. common, "--rounds", "2", "--checkpoint-every", "1", "--out", first]);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(first, "checkpoints", "round-2.weights")));

        (code, var text, error) = Run([.. common, "--rounds", "3", "--resume", first, "--out", second]);
        Assert.True(code == 0, error);
        // Only round 3 runs: the metrics start there and the checkpoints of the resumed run do too.
        Assert.Equal(["3"], File.ReadAllLines(Path.Combine(second, "metrics.csv")).Skip(1).Select(m => m.Split(',')[0]));
        // Weights and one solver state per averaging worker (each keeps its own momentum).
        Assert.Equal(["latest", "round-3-0.solverstate", "round-3-1.solverstate", "round-3.weights"],
            Directory.GetFiles(Path.Combine(second, "checkpoints")).Select(Path.GetFileName).Order());

        (code, _, error) = Run([.. common, "--rounds", "3", "--resume", Path.Combine(tiny.Folder, "nowhere"), "--out", second]);
        Assert.Equal(1, code);
        Assert.Contains("--resume", error);
    }

    private static string TrainingModeText(string mode) => mode switch
    {
        "ps" => "synchronous parameter server",
        "ps-async" => "asynchronous parameter server",
        _ => "allreduce",
    };

    [Fact]
    public void ModelAveragingOnTwoLocalWorkersWritesTheLogMetricsAndModel()
    {
        using var tiny = new TinyMnist(trainImages: 256, testImages: 100);
        string output = Path.Combine(tiny.Folder, "run");
        var (code, text, error) = Run("--master", "local[2]", "--workers", "2", "--sync-interval", "2", "--rounds", "3",
            "--test-every", "2", "--threads", "1", "--data", tiny.DataFolder, "--out", output);
        Assert.True(code == 0, error);

        string[] logLines = File.ReadAllLines(Assert.Single(Directory.GetFiles(output, "training_log_*.txt")));
        Assert.All(logLines, l => Assert.Matches(@"^\d+(\.\d+)?, i = \d+: ", l));
        Assert.Contains(logLines, l => l.Contains(", i = 2: round 2: loss = ") && l.Contains("test accuracy = "));
        string[] metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal("round,seconds,loss,test_accuracy", metrics[0]);
        Assert.Equal(["2", "3"], metrics.Skip(1).Select(m => m.Split(',')[0]));
        Assert.All(metrics.Skip(1), m => Assert.InRange(float.Parse(m.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture), 0f, 1f));
        Assert.True(File.Exists(Path.Combine(output, "model.caffemodel")));
        Assert.True(File.Exists(Path.Combine(output, "model.prototxt")));
        Assert.Contains("done: test accuracy", text);
    }

    [Fact]
    public void BaseLrIsThePerWorkerRateThatNoLrScalingLeavesAsItIs()
    {
        using var tiny = new TinyMnist(trainImages: 128, testImages: 20);
        string[] common = ["--master", "local[2]", "--workers", "2", "--sync-interval", "1", "--rounds", "1", "--threads", "1", "--data", tiny.DataFolder];
        var (code, text, error) = Run([.. common, "--base-lr", "0.03", "--out", Path.Combine(tiny.Folder, "scaled")]);
        Assert.True(code == 0, error);
        Assert.Contains("lr 0.06 (0.03 × 2 workers, linear scaling)", text);
        (code, text, error) = Run([.. common, "--base-lr", "0.03", "--no-lr-scaling", "--out", Path.Combine(tiny.Folder, "unscaled")]);
        Assert.True(code == 0, error);
        Assert.Contains("lr 0.03 (not scaled: --no-lr-scaling)", text);
    }

    [Fact]
    public void UsageListsTheDistributedOptions()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "--master", "--workers", "--mode", "--sync-interval", "--rounds", "--data", "--epochs", "--threads", "--out", "--base-lr", "--no-lr-scaling" })
            Assert.Contains(option, output);
    }

    [Fact]
    public void OneEpochOnATinySetWritesTheLogMetricsAndModel()
    {
        using var tiny = new TinyMnist(trainImages: 64, testImages: 100);
        string output = Path.Combine(tiny.Folder, "run");
        var (code, text, error) = Run("--master", "local", "--data", tiny.DataFolder, "--threads", "1", "--out", output);
        Assert.True(code == 0, error);

        string log = Assert.Single(Directory.GetFiles(output, "training_log_*.txt"));
        string[] logLines = File.ReadAllLines(log);
        Assert.All(logLines, l => Assert.Matches(@"^\d+(\.\d+)?, i = \d+: ", l));
        Assert.Contains(logLines, l => l.Contains(", i = 1: epoch 1: loss = ") && l.Contains("test accuracy = "));
        string[] metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal("round,seconds,loss,test_accuracy", metrics[0]);
        string[] row = metrics[1].Split(',');
        Assert.Equal("1", row[0]);
        Assert.True(float.IsFinite(float.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.InRange(float.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), 0f, 1f);
        Assert.True(new FileInfo(Path.Combine(output, "model.caffemodel")).Length > 1000);
        Assert.Contains($"source: \"{tiny.DataFolder}\"", File.ReadAllText(Path.Combine(output, "model.prototxt")));
        Assert.Contains("actornet test --model", text);
    }

    [Fact]
    public void TheDriverReadsConfigAndSet()
    {
        using var tiny = new TinyMnist(trainImages: 96, testImages: 30);
        string config = Path.Combine(tiny.Folder, "driver.conf");
        File.WriteAllText(config, "actornet { rdd.default-parallelism = 2, ui.enabled = false }");
        // No --workers: the trainer uses the context's default parallelism, which the last --set makes 3.
        var (code, text, error) = Run("--master", "local[2]", "--config", config, "--set", "actornet.rdd.default-parallelism=3",
            "--sync-interval", "1", "--rounds", "1", "--threads", "1", "--data", tiny.DataFolder, "--out", Path.Combine(tiny.Folder, "run"));
        Assert.True(code == 0, error);
        Assert.Contains("master local[2], 3 workers", text);
    }

    [Fact]
    public void ABadSetIsNamed()
    {
        var (code, _, error) = Run("--master", "local[2]", "--set", "actornet.ui.port");
        Assert.Equal(1, code);
        Assert.Contains("MnistApp: --set expects key=value", error);
        (code, _, error) = Run("--master", "local[2]", "--ui-port", "70000");
        Assert.Equal(1, code);
        Assert.Contains("--ui-port must be a TCP port", error);
    }
}
