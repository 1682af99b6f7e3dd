namespace ActorNet.Configuration;

/// <summary>HOCON's merge rule, shared by the parser (repeated keys) and the resolver (object concatenation).</summary>
internal static class HoconMerge
{
    /// <summary>
    /// Defines <paramref name="key"/> in <paramref name="target"/> as the parser reads it: an object
    /// merges into an earlier object field by field; anything else replaces the earlier value. An object
    /// over a value that is not resolved yet becomes a concatenation, merged once that value is known.
    /// </summary>
    public static void MergeField(HoconObjectNode target, string key, HoconNode value)
    {
        if (value is HoconObjectNode incoming && target.Fields.TryGetValue(key, out var existing))
        {
            switch (existing)
            {
                case HoconObjectNode earlier:
                    foreach (var (k, v) in incoming.OrderedFields())
                        MergeField(earlier, k, v);
                    return;
                case HoconConcatNode or HoconSubstitutionNode:
                    target.Set(key, new HoconConcatNode(value.Position, [existing, incoming]));
                    return;
            }
        }

        target.Set(key, value);
    }

    /// <summary>Merges two resolved objects into a new one; <paramref name="later"/> wins.</summary>
    public static HoconObjectNode MergeResolved(HoconObjectNode earlier, HoconObjectNode later)
    {
        var result = new HoconObjectNode(earlier.Position);
        foreach (var (k, v) in earlier.OrderedFields())
            result.Set(k, v);
        foreach (var (k, v) in later.OrderedFields())
        {
            if (v is HoconObjectNode laterChild && result.Fields.TryGetValue(k, out var old) && old is HoconObjectNode earlierChild)
                result.Set(k, MergeResolved(earlierChild, laterChild));
            else
                result.Set(k, v);
        }

        return result;
    }
}
