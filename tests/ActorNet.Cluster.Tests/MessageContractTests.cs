using System.Reflection;
using ActorNet.Messaging;
using Akka.Actor;
using Akka.Serialization;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Every message type of every ActorNet assembly of the shipped programs (the RDD protocol, the node's status, the
/// vector store's) is bound to the MessagePack serializer and has a contract: a type that would travel as Akka's
/// JSON, or not at all, fails here before it fails on a cluster.
/// </summary>
public sealed class MessageContractTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("actornet", MessagingConfig.Config);

    [Fact]
    public void Every_message_type_of_the_node_programs_is_a_MessagePack_contract_bound_to_our_serializer()
    {
        string[] assemblies = ["ActorNet.Actors", "ActorNet.Rdd", "actornet"];
        var types = assemblies.Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(IActorNetMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .ToList();
        // The scan sees the RDD protocol, so it sees the rest.
        Assert.Contains(types, t => t.FullName == "ActorNet.Rdd.Cluster.LaunchTasks");
        var problems = new List<string>();
        foreach (var type in types)
        {
            var serializer = _system.Serialization.FindSerializerForType(type);
            if (serializer is not MessagePackMessageSerializer)
                problems.Add($"{type.FullName}: Akka picks {serializer.GetType().Name}");
            else if (type.GetCustomAttribute<MessagePack.MessagePackObjectAttribute>() is null)
                problems.Add($"{type.FullName}: no [MessagePackObject] contract");
        }
        Assert.True(problems.Count == 0, "Message types that cannot travel:\n" + string.Join("\n", problems));
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
