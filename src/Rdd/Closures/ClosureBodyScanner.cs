using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace ActorNet.Rdd.Closures;

/// <summary>
/// Spark's <c>ClosureCleaner</c>, for C#: the compiler puts every local captured by any lambda of a scope into one
/// display class, so a lambda given to an operator also carries locals only a sibling lambda uses (often the
/// context itself). Reading the IL of the lambda — and of the compiler-generated methods it calls or makes
/// delegates of — tells which display-class fields it loads; the writer sends only those.
/// </summary>
internal static class ClosureBodyScanner
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>True for a compiler-generated class that holds captured locals (C#'s <c>&lt;&gt;c__DisplayClass</c>).</summary>
    public static bool IsDisplayClass(Type type) =>
        DisplayClasses.GetValue(type, static t => new StrongBox<bool>(
            t.Name.Contains("DisplayClass", StringComparison.Ordinal) && t.IsDefined(typeof(CompilerGeneratedAttribute), false))).Value;

    private static readonly ConditionalWeakTable<Type, StrongBox<bool>> DisplayClasses = new();

    // What each method and the generated code it reaches use, computed once per method: every job serializes its
    // stages' closures again, and resolving the tokens of IL is what costs. Weak on the method, so that an
    // application's unloaded code is not kept.
    private static readonly ConditionalWeakTable<MethodBase, ScanResult> Scanned = new();

    private sealed record ScanResult((Module, int)[] Fields, MethodBase[] Methods);

    /// <summary>Adds to <paramref name="usedFields"/> every field (module, definition token) that <paramref name="method"/> or the generated code it reaches loads or stores.</summary>
    public static void Scan(MethodInfo method, HashSet<(Module, int)> usedFields, HashSet<MethodBase> scanned)
    {
        if (scanned.Contains(method)) return;
        var result = Scanned.GetValue(method, static m =>
        {
            var fields = new HashSet<(Module, int)>();
            var methods = new HashSet<MethodBase>();
            ScanUncached((MethodInfo)m, fields, methods);
            return new ScanResult([.. fields], [.. methods]);
        });
        usedFields.UnionWith(result.Fields);
        scanned.UnionWith(result.Methods);
    }

    private static void ScanUncached(MethodInfo method, HashSet<(Module, int)> usedFields, HashSet<MethodBase> scanned)
    {
        var pending = new Stack<MethodBase>();
        pending.Push(method);
        while (pending.Count > 0)
        {
            var m = pending.Pop();
            if (!scanned.Add(m)) continue;
            var il = m.GetMethodBody()?.GetILAsByteArray();
            if (il is null) continue;
            var typeArgs = m.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
            var methodArgs = m.IsGenericMethod ? m.GetGenericArguments() : null;
            for (var pos = 0; pos < il.Length;)
            {
                OpCode op;
                if (il[pos] == 0xFE && pos + 1 < il.Length)
                {
                    op = OpCodesByValue[unchecked((short)(0xFE00 | il[pos + 1]))];
                    pos += 2;
                }
                else
                {
                    op = OpCodesByValue[il[pos]];
                    pos += 1;
                }
                if (op.OperandType == OperandType.InlineField)
                {
                    var field = TryResolveField(m.Module, BitConverter.ToInt32(il, pos), typeArgs, methodArgs);
                    if (field is not null) usedFields.Add((field.Module, field.MetadataToken));
                }
                else if (op.OperandType == OperandType.InlineMethod)
                {
                    var callee = TryResolveMethod(m.Module, BitConverter.ToInt32(il, pos), typeArgs, methodArgs);
                    if (callee is not null && IsGenerated(callee)) pending.Push(callee);
                }
                pos += OperandSize(op.OperandType, il, pos);
            }
        }
    }

    private static bool IsGenerated(MethodBase method) =>
        method.Name.StartsWith('<') || (method.DeclaringType is { } t && t.IsDefined(typeof(CompilerGeneratedAttribute), false));

    private static FieldInfo? TryResolveField(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try { return module.ResolveField(token, typeArgs, methodArgs); }
        catch (ArgumentException) { return null; }
        catch (MissingFieldException) { return null; }
    }

    private static MethodBase? TryResolveMethod(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try { return module.ResolveMethod(token, typeArgs, methodArgs); }
        catch (ArgumentException) { return null; }
        catch (MissingMethodException) { return null; }
    }

    private static int OperandSize(OperandType type, byte[] il, int pos) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pos),
        _ => 4,
    };
}
