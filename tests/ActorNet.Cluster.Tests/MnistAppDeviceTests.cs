using System.Globalization;
using ActorNet.Node.Tests;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// MnistApp's model averaging with its workers' nets on ILGPU's CPU accelerator (the GPU kernels) in local-cluster[2]
/// worker processes ends where the same run on the CPU backend does (issue 15, item 5): the device reaches the workers,
/// and the weights cross between device and store once per round without changing them.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed class MnistAppDeviceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Averaging_on_ilgpu_cpu_worker_processes_ends_where_the_cpu_run_does()
    {
        using var tiny = new TinyMnist(trainImages: 128, testImages: 40);
        var cpu = await Train(tiny, "cpu");
        var ilgpu = await Train(tiny, "ilgpu-cpu");
        Assert.Equal(cpu.Length, ilgpu.Length);
        // Other kernels sum in another order: losses equal to the last bit would mean both runs used one backend.
        Assert.True(cpu.Zip(ilgpu).Any(p => p.First.Loss != p.Second.Loss), "the ilgpu-cpu run's losses equal the cpu run's to the last bit");
        for (int i = 0; i < cpu.Length; i++)
        {
            Assert.Equal(cpu[i].Round, ilgpu[i].Round);
            Assert.True(Math.Abs(cpu[i].Loss - ilgpu[i].Loss) <= 1e-3 * Math.Abs(cpu[i].Loss),
                $"round {cpu[i].Round}: loss {cpu[i].Loss} on cpu, {ilgpu[i].Loss} on ilgpu-cpu");
            Assert.Equal(cpu[i].Accuracy, ilgpu[i].Accuracy, 3);
        }
    }

    // The rows of metrics.csv (round, loss, test accuracy) of a two-round averaging run on `device`.
    private static async Task<(int Round, double Loss, double Accuracy)[]> Train(TinyMnist tiny, string device)
    {
        var output = Path.Combine(tiny.Folder, device);
        var app = Path.Combine(AppContext.BaseDirectory, "MnistApp.dll");
        var result = await ActornetCommand.RunAsync(Patience, "submit", "--master", "local-cluster[2]", "--conf", "actornet.ui.enabled=false",
            app, "--workers", "2", "--mode", "averaging", "--sync-interval", "2", "--rounds", "2", "--test-every", "1", "--threads", "1",
            "--device", device, "--data", tiny.DataFolder, "--out", output);
        Assert.True(result.ExitCode == 0, $"{device}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("done: test accuracy", result.Stdout);
        return File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(1).Select(line => line.Split(','))
            .Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToArray();
    }
}
