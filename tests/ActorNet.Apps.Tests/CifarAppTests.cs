using ActorNet.CifarApp;
using ActorNet.Training;

namespace ActorNet.Apps.Tests;

public sealed class CifarAppTests
{
    [Fact]
    public void TwoRoundsOnTwoLocalWorkersWithATruncatedBatchWriteTheLogMetricsAndModel()
    {
        using var folder = new TestFolder();
        string data = Directory.CreateDirectory(folder["cifar-10-batches-bin"]).FullName;
        for (int i = 1; i <= 5; i++) TestImages.CifarBatch(Path.Combine(data, $"data_batch_{i}.bin"), 12, seed: i);
        TestImages.CifarBatch(Path.Combine(data, "test_batch.bin"), 10, seed: 9);
        string truncated = Path.Combine(data, "data_batch_3.bin");
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..(11 * 3073 + 1000)]);

        string output = folder["run"];
        var (code, text, error) = AppRun.Invoke(CifarCli.Build(), "--master", "local-cluster[2]", "--workers", "2", "--sync-interval", "1",
            "--rounds", "2", "--test-every", "1", "--threads", "1", "--data", folder.Path, "--out", output);
        Assert.True(code == 0, error + text);

        string[] log = AppRun.CheckOutputs(output, rounds: 2);
        Assert.Contains(log, l => l.Contains($"warning: {truncated}: at byte offset {11 * 3073}: the last record is incomplete (1000 of 3073 bytes; truncated?); read the 11 whole records", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("CIFAR10_quick on 59 CIFAR-10 images", StringComparison.Ordinal));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "metrics.csv")).Length); // tested after both rounds
        var model = TrainedModel.Load(Path.Combine(output, "model.caffemodel"));
        Assert.Equal(32 * 3 * 5 * 5, model.Weights["conv1"][0].Length);
    }

    [Fact]
    public void AMissingDataFolderSaysWhichFilesAreExpected()
    {
        using var folder = new TestFolder();
        TestImages.CifarBatch(folder["data_batch_1.bin"], 2, seed: 1);
        var (code, _, error) = AppRun.Invoke(CifarCli.Build(), "--data", folder.Path, "--out", folder["run"]);
        Assert.Equal(1, code);
        Assert.Contains($"CifarApp: {folder.Path} lacks data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin", error);

        (code, _, error) = AppRun.Invoke(CifarCli.Build(), "--data", folder["nowhere"]);
        Assert.Equal(1, code);
        Assert.Contains($"data folder {folder["nowhere"]} does not exist; it should hold data_batch_1.bin, data_batch_2.bin", error);
    }

    [Fact]
    public void ABadLabelOnAWorkerEndsTheRunWithTheFileAndOffset()
    {
        using var folder = new TestFolder();
        for (int i = 1; i <= 5; i++) TestImages.CifarBatch(folder[$"data_batch_{i}.bin"], 4, seed: i);
        TestImages.CifarBatch(folder["test_batch.bin"], 4, seed: 9);
        byte[] bytes = File.ReadAllBytes(folder["data_batch_4.bin"]);
        bytes[3073] = 200;
        File.WriteAllBytes(folder["data_batch_4.bin"], bytes);

        var (code, _, error) = AppRun.Invoke(CifarCli.Build(), "--master", "local[2]", "--rounds", "1", "--threads", "1",
            "--data", folder.Path, "--out", folder["run"]);
        Assert.Equal(1, code);
        Assert.Contains($"{folder["data_batch_4.bin"]}: at byte offset 3073: record 1 has label 200", error);
    }

    [Fact]
    public void AnUnknownModeIsRefusedByName()
    {
        var (code, _, error) = AppRun.Invoke(CifarCli.Build(), "--mode", "ring");
        Assert.Equal(1, code);
        Assert.Contains("CifarApp: --mode ring is unknown; the modes are averaging, ps, ps-async and allreduce", error);
    }

    [Fact]
    public void AnUnknownDeviceIsRefusedByName()
    {
        var (code, _, error) = AppRun.Invoke(CifarCli.Build(), "--device", "tpu");
        Assert.Equal(1, code);
        Assert.Contains("CifarApp: Unknown device 'tpu'; expected cpu, cuda, cuda:N or ilgpu-cpu.", error);
    }

    [Theory]
    [InlineData("ps")]
    [InlineData("allreduce")]
    public void TheParameterServerAndAllreduceModesTrainTwoRounds(string mode)
    {
        using var folder = new TestFolder();
        for (int i = 1; i <= 5; i++) TestImages.CifarBatch(folder[$"data_batch_{i}.bin"], 4, seed: i);
        TestImages.CifarBatch(folder["test_batch.bin"], 6, seed: 9);
        var (code, text, error) = AppRun.Invoke(CifarCli.Build(), "--master", "local[2]", "--workers", "2", "--mode", mode, "--sync-interval", "1",
            "--rounds", "2", "--threads", "1", "--data", folder.Path, "--out", folder["run"]);
        Assert.True(code == 0, error);
        Assert.Contains(mode == "ps" ? "synchronous parameter server on 2 servers" : "allreduce of the gradients", text);
        Assert.Contains("lr 0.002 (0.001 × 2 workers, linear scaling)", text); // the solver's 0.001, scaled by default
        Assert.Equal(["2"], File.ReadAllLines(folder["run/metrics.csv"]).Skip(1).Select(m => m.Split(',')[0]));
    }

    [Fact]
    public void BaseLrIsThePerWorkerRateThatNoLrScalingLeavesAsItIs()
    {
        using var folder = new TestFolder();
        for (int i = 1; i <= 5; i++) TestImages.CifarBatch(folder[$"data_batch_{i}.bin"], 4, seed: i);
        TestImages.CifarBatch(folder["test_batch.bin"], 6, seed: 9);
        var (code, text, error) = AppRun.Invoke(CifarCli.Build(), "--master", "local[2]", "--workers", "2", "--sync-interval", "1",
            "--rounds", "1", "--threads", "1", "--data", folder.Path, "--out", folder["run"], "--base-lr", "0.003", "--no-lr-scaling");
        Assert.True(code == 0, error);
        Assert.Contains("lr 0.003 (not scaled: --no-lr-scaling)", text);

        (code, _, error) = AppRun.Invoke(CifarCli.Build(), "--base-lr", "0", "--data", folder.Path);
        Assert.Equal(1, code);
        Assert.Contains("--base-lr must be positive, not 0", error);
    }

    [Fact]
    public void UsageListsTheOptionsAndTheDefaultMaster()
    {
        var (code, output, _) = AppRun.Invoke(CifarCli.Build(), "--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "--master", "--workers", "--mode", "--sync-interval", "--rounds", "--data", "--out", "--model", "--solver", "--base-lr", "--no-lr-scaling", "--lr-warmup" })
            Assert.Contains(option, output);
        Assert.Contains("default local-cluster[2]", output);
    }
}
