using Microsoft.Extensions.Configuration;

namespace ActorNet.Rdd.Tests;

public class ContextTests
{
    [Theory]
    [InlineData("local", 1)]
    [InlineData("local[3]", 3)]
    [InlineData("local[2,5]", 2)]
    public void LocalMastersGiveSlotsAsDefaultParallelism(string master, int slots)
    {
        using var sc = new ClusterContext(master, "test");
        Assert.Equal(slots, sc.DefaultParallelism);
        Assert.Equal(master, sc.Master);
        Assert.StartsWith("local-", sc.AppId);
    }

    [Fact]
    public void LocalStarUsesEveryCore()
    {
        using var sc = new ClusterContext("local[*]", "test");
        Assert.Equal(Environment.ProcessorCount, sc.DefaultParallelism);
    }

    [Theory]
    [InlineData("spark://host:7077")]
    [InlineData("local-cluster[x]")]
    [InlineData("local[0]")]
    [InlineData("local-cluster[0]")]
    [InlineData("actornet://127.0.0.1")]
    public void MalformedOrForeignMastersFailNamingTheProblem(string master)
    {
        var e = Assert.Throws<ArgumentException>(() => new ClusterContext(master, "test"));
        Assert.Contains(master, e.Message);
        if (master is "spark://host:7077" or "local-cluster[x]")
        {
            Assert.Contains("local[N]", e.Message);
            Assert.Contains("local-cluster[N]", e.Message);
            Assert.Contains("actornet://", e.Message);
        }
    }

    [Fact]
    public void DefaultParallelismComesFromConfiguration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:rdd:default-parallelism"] = "7",
        }).Build();
        using var sc = new ClusterContext("local[2]", "test", config);
        Assert.Equal(7, sc.DefaultParallelism);
        Assert.Equal(7, sc.Parallelize(Enumerable.Range(0, 20)).NumPartitions);
    }

    [Fact]
    public void BadConfigurationValuesNameTheKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["actornet:rdd:task:max-failures"] = "zero",
        }).Build();
        var e = Assert.Throws<ArgumentException>(() => new ClusterContext("local[2]", "test", config));
        Assert.Contains("actornet:rdd:task:max-failures", e.Message);
    }

    [Fact]
    public void StopIsIdempotentAndActionsAfterStopFail()
    {
        var sc = new ClusterContext("local[2]", "test");
        var rdd = sc.Parallelize(new[] { 1, 2, 3 }, 2);
        Assert.Equal(3, rdd.Count());
        sc.Stop();
        sc.Dispose();
        Assert.True(sc.IsStopped);
        Assert.Throws<ObjectDisposedException>(() => rdd.Count());
    }

    [Fact]
    public void BroadcastValueIsReadInTasksAndDestroyEndsIt()
    {
        using var sc = new ClusterContext("local[2]", "test");
        var lookup = sc.Broadcast(new Dictionary<int, string> { [1] = "one", [2] = "two" });
        var names = sc.Parallelize(new[] { 1, 2, 1 }, 2).Map(i => lookup.Value[i]).Collect();
        Assert.Equal(new[] { "one", "two", "one" }, names);
        lookup.Unpersist();
        Assert.Equal("two", lookup.Value[2]);
        lookup.Destroy();
        Assert.False(lookup.IsValid);
        Assert.Throws<InvalidOperationException>(() => lookup.Value);
    }
}
