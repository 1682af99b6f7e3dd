using System.Reflection;

namespace ActorNet.Actors;

/// <summary>
/// An immutable recipe for creating an actor: the factory (used again on every restart) plus options such
/// as the supervisor strategy the actor applies to its children.
/// </summary>
public sealed class Props
{
    // Builds a fresh actor instance; called on start and on each restart.
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? strategy)
    {
        ActorType = actorType;
        _factory = factory;
        SupervisorStrategy = strategy;
    }

    /// <summary>The type of actor these props create.</summary>
    public Type ActorType { get; }

    /// <summary>The strategy for the actor's children, overriding the actor's own <c>SupervisorStrategy()</c>; null when unset.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>
    /// Props that create <typeparamref name="TActor"/> through the public constructor matching
    /// <paramref name="args"/> (checked now, so a wrong argument list fails here and not in the actor).
    /// </summary>
    /// <exception cref="ArgumentException">No public constructor takes these arguments.</exception>
    public static Props Create<TActor>(params object[] args) where TActor : ActorBase
    {
        var type = typeof(TActor);
        if (type.IsAbstract) throw new ArgumentException($"actor type {type.Name} is abstract", nameof(TActor));
        var constructor = FindConstructor(type, args)
            ?? throw new ArgumentException(
                $"{type.Name} has no public constructor taking ({string.Join(", ", args.Select(a => a?.GetType().Name ?? "null"))})",
                nameof(args));
        return new Props(type, () => (ActorBase)constructor.Invoke(args), null);
    }

    /// <summary>Props that create the actor by calling <paramref name="factory"/>, e.g. <c>() => new Worker(42)</c>.</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, null);
    }

    /// <summary>A copy with the given strategy for the created actor's children.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(ActorType, _factory, strategy);

    internal ActorBase NewActor() => _factory();

    private static ConstructorInfo? FindConstructor(Type type, object[] args)
    {
        foreach (var constructor in type.GetConstructors())
        {
            var parameters = constructor.GetParameters();
            if (parameters.Length != args.Length) continue;
            bool fits = true;
            for (int i = 0; i < parameters.Length && fits; i++)
            {
                var parameterType = parameters[i].ParameterType;
                fits = args[i] is null
                    ? !parameterType.IsValueType || Nullable.GetUnderlyingType(parameterType) is not null
                    : parameterType.IsInstanceOfType(args[i]);
            }
            if (fits) return constructor;
        }
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"Props({ActorType.Name})";
}
