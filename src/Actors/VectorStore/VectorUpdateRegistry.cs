using System.Collections.Concurrent;
using System.Globalization;

namespace ActorNet.VectorStore;

/// <summary>
/// Named update rules for <see cref="ShardedVectorStore"/> pushes. A rule is written <c>name</c> or
/// <c>name(argument)</c>, e.g. <c>add</c>, <c>assign</c>, <c>sgd(0.01)</c>; the name travels with each push
/// and is resolved on the node hosting the slice, so register user rules on every node.
/// </summary>
public sealed class VectorUpdateRegistry
{
    // Rule factories by name; the argument is the text between the parentheses, or null.
    private readonly ConcurrentDictionary<string, Func<string?, IVectorUpdate>> _factories = new(StringComparer.Ordinal);
    // Resolved rules by their full text (e.g. "sgd(0.01)").
    private readonly ConcurrentDictionary<string, IVectorUpdate> _resolved = new(StringComparer.Ordinal);

    /// <summary>Creates a registry knowing the built-in rules <c>add</c>, <c>assign</c>, <c>sgd(lr)</c> and <c>momentum(mu)</c>.</summary>
    public VectorUpdateRegistry()
    {
        Register("add", argument => NoArgument("add", argument, new BuiltInVectorUpdates.Add()));
        Register("assign", argument => NoArgument("assign", argument, new BuiltInVectorUpdates.Assign()));
        Register("sgd", argument => new BuiltInVectorUpdates.Sgd(ParseFloat("sgd", argument)));
        Register("momentum", argument => new BuiltInVectorUpdates.Momentum(ParseFloat("momentum", argument)));
    }

    /// <summary>Adds (or replaces) a rule taking no argument.</summary>
    public void Register(string name, IVectorUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Register(name, argument => NoArgument(name, argument, update));
    }

    /// <summary>Adds (or replaces) a rule built from its argument (the text inside the parentheses, or null).</summary>
    /// <exception cref="ArgumentException">The name is empty or contains parentheses or spaces.</exception>
    public void Register(string name, Func<string?, IVectorUpdate> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (name.Any(c => c is '(' or ')' || char.IsWhiteSpace(c)))
            throw new ArgumentException($"update rule name '{name}' must not contain parentheses or spaces", nameof(name));
        _factories[name] = factory;
        foreach (var key in _resolved.Keys.Where(k => k == name || k.StartsWith(name + "(", StringComparison.Ordinal))) _resolved.TryRemove(key, out _);
    }

    /// <summary>The rule a text such as <c>sgd(0.01)</c> names.</summary>
    /// <exception cref="ArgumentException">The rule is unknown or malformed (the message names it and lists the known ones).</exception>
    public IVectorUpdate Resolve(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (_resolved.TryGetValue(rule, out var known)) return known;
        string text = rule.Trim();
        string name = text;
        string? argument = null;
        int open = text.IndexOf('(');
        if (open >= 0)
        {
            if (!text.EndsWith(')'))
                throw new ArgumentException($"update rule '{rule}' is malformed: expected name(argument)", nameof(rule));
            name = text[..open].Trim();
            argument = text[(open + 1)..^1].Trim();
        }
        if (!_factories.TryGetValue(name, out var factory))
            throw new ArgumentException($"unknown update rule '{rule}'; known: {string.Join(", ", _factories.Keys.Order(StringComparer.Ordinal))}", nameof(rule));
        var update = factory(argument);
        _resolved[rule] = update;
        return update;
    }

    private static IVectorUpdate NoArgument(string name, string? argument, IVectorUpdate update) =>
        argument is null ? update : throw new ArgumentException($"update rule '{name}' takes no argument, got '{argument}'");

    private static float ParseFloat(string name, string? argument) =>
        float.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value)
            ? value
            : throw new ArgumentException($"update rule '{name}' needs a number argument, e.g. {name}(0.01); got '{argument ?? "none"}'");
}
