using ActorNet.Actors;

namespace ActorNet.Node.Hosting;

/// <summary>What the <c>seed</c> or <c>worker</c> command asks of the node it starts.</summary>
/// <param name="Role">The role the node declares on top of the configured ones (<c>seed</c> or <c>worker</c>).</param>
/// <param name="Port">The port to bind (0 picks a free one), or null to keep <c>actornet.remote.port</c> (0 when unset).</param>
/// <param name="Seeds">The seeds to join through; empty means the configured seed nodes, or this node itself for a seed.</param>
/// <param name="Cores">Task slots for a worker (<c>actornet.rdd.cores</c>), or null to keep the configured value.</param>
internal sealed record NodeOptions(string Role, int? Port, IReadOnlyList<Address> Seeds, int? Cores);
