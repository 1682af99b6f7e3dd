namespace ActorNet.Configuration;

/// <summary>An object: fields in the order they were first defined; repeated definitions merge into it.</summary>
internal sealed class HoconObjectNode(HoconPosition position) : HoconNode(position)
{
    public Dictionary<string, HoconNode> Fields { get; } = new(StringComparer.Ordinal);

    // Insertion order is kept separately because Dictionary order is not guaranteed after removals.
    public List<string> Order { get; } = [];

    public override bool IsResolved => Fields.Values.All(f => f.IsResolved);

    public void Set(string key, HoconNode value)
    {
        if (!Fields.ContainsKey(key))
            Order.Add(key);
        Fields[key] = value;
    }

    public void Remove(string key)
    {
        if (Fields.Remove(key))
            Order.Remove(key);
    }

    public IEnumerable<KeyValuePair<string, HoconNode>> OrderedFields()
    {
        foreach (var key in Order)
            yield return new(key, Fields[key]);
    }
}
