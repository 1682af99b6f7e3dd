using System.Collections;
using System.CommandLine;

namespace ActorNet.Node.Tests;

public sealed class ConfigCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ActorNetCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void PrintShowsTheReferenceSortedWithSetOverrides()
    {
        var (code, output, error) = Run("config", "print", "--set", "actornet.rdd.default-parallelism=3");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = Lines(output);
        Assert.Contains("actornet.rdd.default-parallelism = 3", lines);
        Assert.Contains("akka.cluster.split-brain-resolver.active-strategy = keep-majority", lines);
        Assert.Contains("actornet.remote.hostname = 127.0.0.1", lines);
        Assert.Contains("actornet.rdd.storage.local-dir = \"\"", lines);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
    }

    [Fact]
    public void ConfigFileThenSetsOverrideInOrder()
    {
        var file = Path.Combine(Path.GetTempPath(), $"actornet-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "actornet { rdd.default-parallelism = 5, cluster.roles = [seed, worker] }");
        try
        {
            var (code, output, _) = Run("config", "print", "--config", file, "--set", "akka.cluster.failure-detector.threshold=10", "--set", "actornet.rdd.task.max-failures=9");
            Assert.Equal(0, code);
            var lines = Lines(output);
            Assert.Contains("actornet.rdd.default-parallelism = 5", lines);
            Assert.Contains("actornet.cluster.roles.0 = seed", lines);
            Assert.Contains("actornet.cluster.roles.1 = worker", lines);
            Assert.Contains("akka.cluster.failure-detector.threshold = 10", lines);
            Assert.Contains("actornet.rdd.task.max-failures = 9", lines);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void EnvironmentSitsBetweenTheFileAndSets()
    {
        var env = new Hashtable
        {
            ["ACTORNET__rdd__default-parallelism"] = "7",
            ["ACTORNET__training__rounds"] = "9",
            ["ACTORNET__akka__cluster__split-brain-resolver__stable-after"] = "7s",
            ["ACTORNET__akka__loglevel"] = "DEBUG",
            ["PATH"] = "/usr/bin",
        };
        var config = ActorNet.Configuration.LayeredConfiguration.Build(null, ["actornet.training.rounds=11", "akka.loglevel=ERROR"], env);
        Assert.Equal("7", config["actornet:rdd:default-parallelism"]);
        Assert.Equal("11", config["actornet:training:rounds"]);
        // Akka's settings come from the same layers: ACTORNET__akka__… sets akka.…, and --set still wins.
        Assert.Equal("7s", config["akka:cluster:split-brain-resolver:stable-after"]);
        Assert.Equal("ERROR", config["akka:loglevel"]);
        Assert.Null(config["actornet:akka:loglevel"]);
        Assert.Null(config["PATH"]);
    }

    [Fact]
    public void BadConfigFileIsOneLineWithFileLineAndColumn()
    {
        var file = Path.Combine(Path.GetTempPath(), $"actornet-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "actornet {\n  rdd = [1,\n");
        try
        {
            var (code, output, error) = Run("config", "print", "--config", file);
            Assert.Equal(1, code);
            Assert.Equal("", output);
            Assert.StartsWith($"actornet: {file}:3:1: expected ']'", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SetWithoutEqualsIsRejected()
    {
        var (code, _, error) = Run("config", "print", "--set", "actornet.rdd.default-parallelism");
        Assert.Equal(1, code);
        Assert.Contains("--set expects key=value", error);
    }

    [Fact]
    public void HelpListsTheCommands()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("config", output);
    }

    [Fact]
    public async Task TheExecutablePrintsItsVersion()
    {
        // --version reads the entry assembly, so it is checked on the real executable, not in-process.
        var dll = Path.Combine(AppContext.BaseDirectory, "actornet.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "--version"]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("0.1.0", output.Trim());
    }
}
