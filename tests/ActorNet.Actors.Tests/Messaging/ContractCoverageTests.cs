namespace ActorNet.Actors.Tests.Messaging;

using System.Reflection;
using System.Runtime.CompilerServices;
using ActorNet.Messaging;
using Akka.Configuration;
using Akka.Serialization;
using MessagePack;

/// <summary>
/// Every ActorNet message type, in every ActorNet assembly, goes through our serializer and has a contract: fails
/// the day someone adds a message that would travel as Akka's default JSON or not at all.
/// </summary>
public sealed class ContractCoverageTests() : Akka.TestKit.Xunit2.TestKit(MessagingTestConfig.Local, "actornet")
{
    // Sample types these tests need to lack a contract; every other message type must have one.
    private static readonly HashSet<Type> DeliberatelyBroken = [typeof(MessageWithoutContract), typeof(HoldsAnUncontractedMember)];

    [Fact]
    public void Every_actornet_message_type_is_bound_to_our_serializer_has_a_contract_and_round_trips()
    {
        var types = MessageTypes().ToList();
        Assert.Contains(typeof(PrimitivesMessage), types); // the scan sees this assembly's samples, so it sees the rest
        var problems = new List<string>();
        foreach (var type in types.Where(t => !DeliberatelyBroken.Contains(t)))
        {
            var serializer = Sys.Serialization.FindSerializerForType(type);
            if (serializer is not MessagePackMessageSerializer)
            {
                problems.Add($"{type.FullName}: Akka picks {serializer.GetType().Name}");
                continue;
            }
            if (type.IsAbstract || type.ContainsGenericParameters)
                continue;
            if (!MessageContracts.IsContractType(type))
            {
                problems.Add($"{type.FullName}: no [MessagePackObject] contract");
                continue;
            }
            if (TryCreateDefault(type) is { } instance && RoundTripProblem(serializer, instance) is { } problem)
                problems.Add($"{type.FullName}: {problem}");
        }
        Assert.True(problems.Count == 0, "Message types that cannot travel:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_scan_reports_a_message_type_without_a_contract()
    {
        // The check above, on the one sample that must fail it: proof it can fail.
        Assert.False(MessageContracts.IsContractType(typeof(MessageWithoutContract)));
        Assert.NotNull(RoundTripProblem(Sys.Serialization.FindSerializerForType(typeof(HoldsAnUncontractedMember)),
            new HoldsAnUncontractedMember(new MessageWithoutContract(1))));
    }

    [Fact]
    public void With_the_marker_binding_alone_an_unmarked_type_would_fall_back_to_akkas_json()
    {
        // Why MessagingConfig also rebinds "System.Object": without it, Akka's default fallback is Newtonsoft JSON.
        var markerOnly = ConfigurationFactory.ParseString($$"""
            akka.actor.serializers.{{MessagingConfig.SerializerName}} = "{{typeof(MessagePackMessageSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings { "{{typeof(IActorNetMessage).FullName}}, ActorNet.Actors" = {{MessagingConfig.SerializerName}} }
            """);
        var system = Akka.Actor.ActorSystem.Create("markeronly", markerOnly);
        try
        {
            Assert.IsType<MessagePackMessageSerializer>(system.Serialization.FindSerializerForType(typeof(PrimitivesMessage)));
            Assert.IsType<NewtonSoftJsonSerializer>(system.Serialization.FindSerializerForType(typeof(MessageWithoutContract)));
        }
        finally
        {
            Shutdown(system);
        }
    }

    // Types in every ActorNet assembly beside this process (loaded first, so an assembly nothing touched yet counts)
    // that implement the marker or carry a contract.
    private static IEnumerable<Type> MessageTypes()
    {
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "ActorNet*.dll"))
            Assembly.Load(AssemblyName.GetAssemblyName(file));
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name?.StartsWith("ActorNet", StringComparison.Ordinal) == true)
            .SelectMany(LoadableTypes)
            .Where(t => typeof(IActorNetMessage).IsAssignableFrom(t) && t != typeof(IActorNetMessage)
                || t.GetCustomAttribute<MessagePackObjectAttribute>() is not null)
            .Distinct();
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    // An instance from the widest public constructor with every argument at its default; null when none works.
    private static object? TryCreateDefault(Type type)
    {
        if (type.IsValueType)
            return RuntimeHelpers.GetUninitializedObject(type);
        foreach (var constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var arguments = constructor.GetParameters()
                .Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
            try
            {
                return constructor.Invoke(arguments);
            }
            catch (TargetInvocationException)
            {
                // This constructor validates its arguments; another may not.
            }
        }
        return null;
    }

    // Null when the instance writes, reads back as its type, and writes again to the same bytes.
    private static string? RoundTripProblem(Serializer serializer, object instance)
    {
        try
        {
            var bytes = serializer.ToBinary(instance);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, instance);
            var back = ((SerializerWithStringManifest)serializer).FromBinary(bytes, manifest);
            if (back.GetType() != instance.GetType())
                return $"read back as {back.GetType().FullName}";
            return serializer.ToBinary(back).AsSpan().SequenceEqual(bytes) ? null : "reads back different";
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}
