namespace ActorNet.Configuration;

/// <summary>
/// Several values written next to each other (<c>a = foo ${b} bar</c>, <c>a = ${base} { x = 1 }</c>).
/// Resolution joins strings, merges objects and appends arrays.
/// </summary>
internal sealed class HoconConcatNode(HoconPosition position, List<HoconNode> parts) : HoconNode(position)
{
    public List<HoconNode> Parts { get; } = parts;

    public override bool IsResolved => false;
}
