using ActorNet.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorNet.ControlPlane.Tests;

/// <summary>ActorNet configurations of test nodes: reference.conf with a few keys set, as a node's --set would.</summary>
internal static class NodeConfigurations
{
    public static IConfiguration Node(string role, string? seed = null, string? secret = null, params (string Key, string Value)[] more)
    {
        var values = new Dictionary<string, string?>
        {
            ["actornet:remote:port"] = "0",
            ["actornet:cluster:roles:0"] = role,
            // A quick cluster: tests wait on joins, not on the 20 s of a production-sized resolver.
            ["akka:cluster:split-brain-resolver:stable-after"] = "3s",
        };
        if (seed is not null) values["actornet:cluster:seed-nodes:0"] = seed;
        if (secret is not null) values["actornet:remote:secret"] = secret;
        foreach (var (key, value) in more) values[key] = value;
        return new ConfigurationBuilder().AddActorNetReference().AddInMemoryCollection(values).Build();
    }
}
