using Akka.Actor;
using Akka.Actor.Setup;
using Microsoft.Extensions.Configuration;

namespace ActorNet.ControlPlane;

/// <summary>Hands a node's ActorNet configuration to its actor system (through the system's setup).</summary>
/// <param name="configuration">The node's effective configuration.</param>
public sealed class NodeConfigurationSetup(IConfiguration configuration) : Setup
{
    /// <summary>The node's effective configuration.</summary>
    public IConfiguration Configuration { get; } = configuration;
}

/// <summary>
/// The ActorNet configuration a node was started with (<c>actornet.*</c> and <c>akka.*</c>, layered), for code that
/// holds only the actor system: <c>NodeConfiguration.Of(system)</c>.
/// </summary>
public sealed class NodeConfiguration : IExtension
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    private NodeConfiguration(IConfiguration configuration) => Configuration = configuration;

    /// <summary>The node's configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The configuration <paramref name="system"/>'s node was started with; empty when none was given.</summary>
    public static IConfiguration Of(ActorSystem system) => system.WithExtension<NodeConfiguration, Provider>().Configuration;

    internal sealed class Provider : ExtensionIdProvider<NodeConfiguration>
    {
        public override NodeConfiguration CreateExtension(ExtendedActorSystem system) =>
            new(system.Settings.Setup.Get<NodeConfigurationSetup>().Value?.Configuration ?? Empty);
    }
}
