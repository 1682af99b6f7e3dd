using ActorNet.Node.Commands;

namespace ActorNet.Node.Tests;

/// <summary>spark-submit's flags as <c>actornet submit</c> reads them (the runs themselves are in ActorNet.Cluster.Tests).</summary>
public sealed class SubmitFlagsTests
{
    private static SubmitFlags Flags(string master, string? name = null, string[]? conf = null, int? cores = null, int? executors = null, string deployMode = "client") =>
        new(master, name, conf ?? [], cores, executors, deployMode);

    [Fact]
    public void ClusterDeployModeIsRefusedWithTheReason()
    {
        var e = Assert.Throws<ArgumentException>(() => Flags("local[2]", deployMode: "cluster").EffectiveMaster());
        Assert.Contains("--deploy-mode cluster is not supported", e.Message);
        Assert.Contains("--deploy-mode must be client", Assert.Throws<ArgumentException>(() => Flags("local[2]", deployMode: "yarn").EffectiveMaster()).Message);
        Assert.Equal("local[2]", Flags("local[2]").EffectiveMaster());
    }

    [Fact]
    public void ExecutorFlagsRewriteALocalClusterMasterOnly()
    {
        Assert.Equal("local-cluster[3,1]", Flags("local-cluster[2]", cores: 1, executors: 3).EffectiveMaster());
        Assert.Equal("local-cluster[4,5]", Flags("local-cluster[4,5]").EffectiveMaster());
        Assert.Equal("local-cluster[4,2]", Flags("local-cluster[4]", executors: 4).EffectiveMaster());
        var e = Assert.Throws<ArgumentException>(() => Flags("local[2]", executors: 2).EffectiveMaster());
        Assert.Contains("apply to local-cluster[N] masters only", e.Message);
        Assert.Contains("--executor-cores must be at least 1", Assert.Throws<ArgumentException>(() => Flags("local-cluster[2]", cores: 0).EffectiveMaster()).Message);
    }

    [Fact]
    public void NameAndConfBecomeTheVariablesTheDriverConfigurationReads()
    {
        var variables = Flags("local[1]", name: "my app", conf: ["actornet.ui.port=4050", "akka.loglevel = DEBUG"]).EnvironmentVariables();
        Assert.Equal([("ACTORNET__ui__port", "4050"), ("ACTORNET__akka__loglevel", "DEBUG"), ("ACTORNET__app__name", "my app")], variables);
        // The variables land where LayeredConfiguration puts ACTORNET__ keys.
        var keys = Configuration.LayeredConfiguration.EnvironmentKeys(variables.ToDictionary(v => v.Variable, v => v.Value));
        Assert.Equal(["actornet:ui:port", "akka:loglevel", "actornet:app:name"], keys.Select(k => k.Key));
    }

    [Theory]
    [InlineData("spark.executor.memory=2g", "only actornet.* and akka.* settings")]
    [InlineData("actornet.ui.port", "--conf expects key=value")]
    [InlineData("=3", "--conf expects key=value")]
    public void ABadConfIsNamed(string conf, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => Flags("local[1]", conf: [conf]).EnvironmentVariables()).Message);
}
