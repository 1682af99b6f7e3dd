using System.Text;

namespace ActorNet.Actors.Sharding;

/// <summary>Actor names for shards and entities whose ids may contain any character.</summary>
internal static class ChildNames
{
    /// <summary>
    /// Letters, digits, '-', '_' and '.' are kept; every other UTF-8 byte becomes <c>+XX</c> (hex), so
    /// distinct ids give distinct names and '~' never appears (it separates incarnations).
    /// </summary>
    public static string Encode(string id)
    {
        if (id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) return id;
        if (id.Length == 0) return "+";
        var text = new StringBuilder(id.Length + 8);
        foreach (byte b in Encoding.UTF8.GetBytes(id))
        {
            char c = (char)b;
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) text.Append(c);
            else text.Append('+').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>
    /// The name for a new child: the encoded id, or the id with an incarnation suffix when a stopped
    /// predecessor still holds the name (its removal can trail its <see cref="Terminated"/>).
    /// </summary>
    public static string Free(IActorContext context, string id, ref long incarnation)
    {
        string name = Encode(id);
        if (ReferenceEquals(context.Child(name), ActorRefs.Nobody)) return name;
        string candidate;
        do candidate = $"{name}~{++incarnation}";
        while (!ReferenceEquals(context.Child(candidate), ActorRefs.Nobody));
        return candidate;
    }
}
