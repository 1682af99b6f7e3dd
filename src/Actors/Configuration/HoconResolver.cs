using System.Text;

namespace ActorNet.Configuration;

/// <summary>
/// Resolves substitutions and concatenations against the whole document, so a substitution may
/// refer forward. Each node is resolved once (memoised); a node met again while it is being resolved
/// is a cycle, reported with the chain of substitutions that led back to it.
/// </summary>
internal sealed class HoconResolver
{
    // The document being resolved; substitution paths are looked up from here.
    private readonly HoconObjectNode _root;

    // Environment lookup, a seam so tests need not touch the process environment.
    private readonly Func<string, string?> _environment;

    // Resolved value per node; null means "undefined" (an optional substitution with nothing behind it).
    private readonly Dictionary<HoconNode, HoconNode?> _done = new(ReferenceEqualityComparer.Instance);

    // Nodes being resolved, outermost first, for cycle detection and the cycle's message.
    private readonly List<HoconNode> _active = [];

    private HoconResolver(HoconObjectNode root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    public static HoconObjectNode Resolve(HoconObjectNode root, Func<string, string?>? environment = null)
    {
        var resolver = new HoconResolver(root, environment ?? Environment.GetEnvironmentVariable);
        return (HoconObjectNode)resolver.ResolveNode(root)!;
    }

    private HoconNode? ResolveNode(HoconNode node)
    {
        if (_done.TryGetValue(node, out var known))
            return known;
        if (_active.Contains(node, ReferenceEqualityComparer.Instance))
            throw CycleError(node);

        _active.Add(node);
        var result = node switch
        {
            HoconScalarNode => node,
            HoconObjectNode obj => ResolveObject(obj),
            HoconArrayNode array => new HoconArrayNode(array.Position, array.Items.Select(ResolveNode).OfType<HoconNode>().ToList()),
            HoconSubstitutionNode sub => Lookup(sub),
            HoconConcatNode concat => ResolveConcat(concat),
            _ => throw new InvalidOperationException($"unknown HOCON node {node.GetType().Name}"),
        };
        _active.RemoveAt(_active.Count - 1);
        _done[node] = result;
        return result;
    }

    private HoconObjectNode ResolveObject(HoconObjectNode obj)
    {
        var result = new HoconObjectNode(obj.Position);
        foreach (var (key, value) in obj.OrderedFields())
        {
            // A field whose value is an undefined optional substitution is not defined at all.
            if (ResolveNode(value) is { } resolved)
                result.Set(key, resolved);
        }

        return result;
    }

    private HoconNode? Lookup(HoconSubstitutionNode sub)
    {
        if (!sub.EnvironmentOnly && FindNode(sub.Path) is { } target && ResolveNode(target) is { } value)
            return value;
        if (_environment(sub.PathText) is { } fromEnvironment)
            return new HoconScalarNode(sub.Position, fromEnvironment, HoconScalarKind.String);
        if (sub.Optional)
            return sub.Fallback is null ? null : ResolveNode(sub.Fallback);
        var why = sub.EnvironmentOnly
            ? $"'{sub.PathText}' refers to itself and has no earlier value"
            : $"no key '{sub.PathText}' in the configuration";
        throw sub.Position.Error($"could not resolve substitution ${{{sub.PathText}}}: {why} and no environment variable {sub.PathText}");
    }

    private HoconNode? FindNode(IReadOnlyList<string> path)
    {
        HoconNode current = _root;
        foreach (var segment in path)
        {
            // Walking through a value that is itself a substitution or concatenation needs it resolved.
            var obj = current as HoconObjectNode ?? ResolveNode(current) as HoconObjectNode;
            if (obj is null || !obj.Fields.TryGetValue(segment, out var child))
                return null;
            current = child;
        }

        return current;
    }

    private HoconNode? ResolveConcat(HoconConcatNode concat)
    {
        var parts = new List<HoconNode>();
        foreach (var part in concat.Parts)
        {
            if (ResolveNode(part) is { } resolved)
                parts.Add(resolved);
        }

        while (parts.Count > 0 && IsWhitespace(parts[0]))
            parts.RemoveAt(0);
        while (parts.Count > 0 && IsWhitespace(parts[^1]))
            parts.RemoveAt(parts.Count - 1);
        var values = parts.Where(p => !IsWhitespace(p)).ToList();
        if (values.Count == 0)
            return null;
        if (values.Count == 1)
            return values[0];
        if (values.All(v => v is HoconObjectNode))
            return values.Cast<HoconObjectNode>().Aggregate(HoconMerge.MergeResolved);
        if (values.All(v => v is HoconArrayNode))
            return new HoconArrayNode(concat.Position, values.SelectMany(v => ((HoconArrayNode)v).Items).ToList());
        if (values.FirstOrDefault(v => v is HoconObjectNode or HoconArrayNode) is { } misfit)
        {
            var kind = misfit is HoconObjectNode ? "an object" : "an array";
            throw concat.Position.Error($"cannot concatenate {kind} with other kinds of values (only strings with strings, objects with objects, arrays with arrays)");
        }

        var text = new StringBuilder();
        foreach (var part in parts)
            text.Append(((HoconScalarNode)part).Text);
        return new HoconScalarNode(concat.Position, text.ToString(), HoconScalarKind.String);
    }

    private static bool IsWhitespace(HoconNode node) => node is HoconScalarNode { Kind: HoconScalarKind.Whitespace };

    private HoconException CycleError(HoconNode node)
    {
        var start = _active.FindIndex(n => ReferenceEquals(n, node));
        var chain = _active.Skip(start).OfType<HoconSubstitutionNode>().Select(s => s.PathText).ToList();
        var first = _active.Skip(start).OfType<HoconSubstitutionNode>().FirstOrDefault();
        if (chain.Count > 0)
            chain.Add(chain[0]);
        var position = first?.Position ?? node.Position;
        return position.Error($"substitution cycle: {string.Join(" -> ", chain)}");
    }
}
