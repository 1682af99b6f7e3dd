namespace ActorNet.Configuration;

/// <summary>An array of values.</summary>
internal sealed class HoconArrayNode(HoconPosition position, List<HoconNode> items) : HoconNode(position)
{
    public List<HoconNode> Items { get; } = items;

    public override bool IsResolved => Items.All(i => i.IsResolved);
}
