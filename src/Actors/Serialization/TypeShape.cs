using System.Collections.Concurrent;
using System.Reflection;

namespace ActorNet.Actors.Serialization;

/// <summary>
/// How the object serializer takes a type apart and puts it back together: the public constructor whose
/// parameters match public members by name (records, tuples, anonymous types) plus any other settable
/// public members. Computed once per type.
/// </summary>
internal sealed class TypeShape
{
    private static readonly ConcurrentDictionary<Type, TypeShape> s_shapes = new();

    private TypeShape(Type type, ConstructorInfo? constructor, MemberInfo[] constructorMembers, MemberInfo[] extraMembers)
    {
        Type = type;
        Constructor = constructor;
        ConstructorMembers = constructorMembers;
        ExtraMembers = extraMembers;
    }

    public Type Type { get; }
    public ConstructorInfo? Constructor { get; }
    public MemberInfo[] ConstructorMembers { get; }
    public MemberInfo[] ExtraMembers { get; }

    public static TypeShape Of(Type type) => s_shapes.GetOrAdd(type, Build);

    private static TypeShape Build(Type type)
    {
        if (typeof(Delegate).IsAssignableFrom(type) || type.IsPointer || type.IsAbstract)
            throw new NotSupportedException($"cannot serialize {type.FullName}: delegates, pointers and abstract types have no data shape");
        var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is FieldInfo || (m is PropertyInfo p && p.CanRead && p.GetIndexParameters().Length == 0))
            .ToArray();
        foreach (var constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var parameters = constructor.GetParameters();
            var matched = new MemberInfo[parameters.Length];
            bool ok = true;
            for (int i = 0; i < parameters.Length && ok; i++)
            {
                var member = members.FirstOrDefault(m => string.Equals(m.Name, parameters[i].Name, StringComparison.OrdinalIgnoreCase)
                    && MemberType(m) == parameters[i].ParameterType);
                ok = member is not null;
                if (ok) matched[i] = member!;
            }
            if (!ok) continue;
            if (parameters.Length == 0 && type.IsValueType) break;
            return new TypeShape(type, constructor, matched, Settable(members, matched));
        }
        if (type.IsValueType) return new TypeShape(type, null, [], Settable(members, []));
        throw new NotSupportedException(
            $"cannot serialize {type.FullName}: no public constructor whose parameters match its public properties " +
            "(use a record, a tuple, a class with a parameterless constructor and settable properties, or register an ISerializer)");
    }

    private static MemberInfo[] Settable(MemberInfo[] members, MemberInfo[] taken) =>
        members.Where(m => !taken.Contains(m) && m switch
        {
            FieldInfo f => !f.IsInitOnly,
            PropertyInfo p => p.SetMethod is { IsPublic: true },
            _ => false,
        }).ToArray();

    public static Type MemberType(MemberInfo member) => member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;

    public static object? Get(MemberInfo member, object target) =>
        member is FieldInfo f ? f.GetValue(target) : ((PropertyInfo)member).GetValue(target);

    public static void Set(MemberInfo member, object target, object? value)
    {
        if (member is FieldInfo f) f.SetValue(target, value);
        else ((PropertyInfo)member).SetValue(target, value);
    }
}
