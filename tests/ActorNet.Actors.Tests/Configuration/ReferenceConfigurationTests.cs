using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Actors.Tests.Configuration;

public sealed class ReferenceConfigurationTests
{
    private sealed class RddOptions
    {
        public int DefaultParallelism { get; set; }

        public TaskOptions Task { get; set; } = new();

        public sealed class TaskOptions
        {
            public int MaxFailures { get; set; }
        }
    }

    private static string RepositoryFile(params string[] parts)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ActorNet.sln")))
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("ActorNet.sln not found above the test folder");
        return Path.Combine([dir, .. parts]);
    }

    [Fact]
    public void EmbeddedReferenceIsTheRepositoryFile() =>
        Assert.Equal(File.ReadAllText(RepositoryFile("hocon", "reference.conf")), ReferenceConfiguration.Text);

    [Fact]
    public void ReferenceLoadsAndBindsOptionsClasses()
    {
        var config = new ConfigurationBuilder().AddHoconFile(RepositoryFile("hocon", "reference.conf")).Build();

        Assert.Equal("keep-majority", config["akka:cluster:split-brain-resolver:active-strategy"]);
        Assert.Equal(262144, config.GetValue<int>("actornet:cluster:sharding:vector-store:slice-size"));
        Assert.Equal(4L << 20, ConfigurationUnits.ParseByteSize(config["actornet:rdd:broadcast:block-size"]!));

        var rdd = new RddOptions();
        config.GetSection("actornet:rdd").Bind(rdd);
        Assert.Equal(0, rdd.Task.MaxFailures); // kebab-case keys do not bind to PascalCase names...
        Assert.Equal(4, config.GetValue<int>("actornet:rdd:task:max-failures")); // ...so ActorNet reads them by key.
        Assert.Null(config["actornet:rdd:default-parallelism"]); // null: the executors' task slots
        Assert.Equal("4040", config["actornet:ui:port"]);
    }

    [Fact]
    public void ExampleFilesLoadOverTheReference()
    {
        foreach (var name in new[] { "seed.conf", "worker.conf" })
        {
            var config = new ConfigurationBuilder()
                .AddActorNetReference()
                .AddHoconFile(RepositoryFile("hocon", name))
                .Build();
            Assert.NotNull(config["actornet:cluster:seed-nodes:0"]);
            Assert.NotNull(config["actornet:cluster:roles:0"]);
        }
    }

    [Fact]
    public void LaterSourcesOverrideTheReference()
    {
        var config = new ConfigurationBuilder()
            .AddActorNetReference()
            .AddHoconString("actornet.rdd.default-parallelism = 8")
            .AddInMemoryCollection([new("akka:cluster:failure-detector:threshold", "12")])
            .Build();
        Assert.Equal("8", config["actornet:rdd:default-parallelism"]);
        Assert.Equal("12", config["akka:cluster:failure-detector:threshold"]);
        Assert.Equal("keep-majority", config["akka:cluster:split-brain-resolver:active-strategy"]);
    }

    [Fact]
    public void MissingRequiredFileFailsAndOptionalOneDoesNot()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".conf");
        Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(missing).Build());
        var config = new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build();
        Assert.Empty(config.AsEnumerable());
    }
}
