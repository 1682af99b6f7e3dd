using System.Diagnostics;
using System.Globalization;
using ActorNet.MnistApp;
using ActorNet.Node.Tests;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Nothing lost when the driver dies: MnistApp (a local[2] driver, checkpointing every round) is killed with SIGKILL at
/// a different moment of a round in each case, possibly while it writes a checkpoint. What it leaves is readable
/// (metrics.csv and the training log, a truncated last line at most), and a run with <c>--resume</c> goes on from the
/// last complete checkpoint.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class DriverKillTests : IDisposable
{
    private readonly TinyMnist _data = new(trainImages: 256, testImages: 100);

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(151)]
    public async Task A_driver_killed_mid_run_leaves_readable_records_and_resumes_from_its_last_checkpoint(int delayMs)
    {
        string first = Path.Combine(_data.Folder, $"killed-{delayMs}");
        string checkpoints = Path.Combine(first, "checkpoints");
        var driver = StartMnistApp("--master", "local[2]", "--workers", "2", "--sync-interval", "2", "--rounds", "200",
            "--test-every", "1", "--checkpoint-every", "1", "--threads", "1", "--data", _data.DataFolder, "--out", first);
        // Once two checkpoints exist, wait a little (a different point of the next round in each case) and kill -9.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (LatestRound(checkpoints) < 2)
        {
            Assert.False(driver.HasExited, $"MnistApp exited early ({(driver.HasExited ? driver.ExitCode : 0)})");
            Assert.True(DateTime.UtcNow < deadline, "no second checkpoint within 2 minutes");
            await Task.Delay(20);
        }
        await Task.Delay(delayMs);
        driver.Kill(entireProcessTree: true);
        await driver.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // metrics.csv: the header, then whole rows (only the last may be cut short by the kill).
        var rows = File.ReadAllLines(Path.Combine(first, "metrics.csv"));
        Assert.StartsWith("round,", rows[0]);
        foreach (var row in rows.Skip(1).SkipLast(1)) Assert.Equal(4, row.Split(',').Length);
        int latest = LatestRound(checkpoints);
        Assert.True(latest >= 2);

        // The resumed run starts right after the last complete checkpoint and finishes.
        string second = Path.Combine(_data.Folder, $"resumed-{delayMs}");
        var output = new StringWriter();
        int code = MnistCli.Build().Parse([
            "--master", "local[2]", "--workers", "2", "--sync-interval", "2", "--rounds", (latest + 2).ToString(CultureInfo.InvariantCulture),
            "--test-every", "1", "--threads", "1", "--data", _data.DataFolder, "--resume", first, "--out", second])
            .Invoke(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        Assert.True(code == 0, output.ToString());
        Assert.Contains("done: test accuracy", output.ToString());
        var resumedRows = File.ReadAllLines(Path.Combine(second, "metrics.csv"));
        Assert.Equal((latest + 1).ToString(CultureInfo.InvariantCulture), resumedRows[1].Split(',')[0]);
    }

    // The round named by the checkpoint folder's `latest`, or 0 (written last and atomically, so never half a number).
    private static int LatestRound(string checkpoints)
    {
        try
        {
            return int.Parse(File.ReadAllText(Path.Combine(checkpoints, "latest")), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private readonly List<Process> _processes = [];

    private Process StartMnistApp(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MnistApp.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start MnistApp");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        // A failed case must not leave its driver running.
        foreach (var process in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
        _data.Dispose();
    }
}
