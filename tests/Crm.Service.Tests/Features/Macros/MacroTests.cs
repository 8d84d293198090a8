using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Macros;
using Crm.Service.Features.Macros.SaveMacro;

namespace Crm.Service.Tests.Features.Macros;

/// <summary>Macros without a database: placeholders filled in, unknown ones refused when saving, the case's triage actions.</summary>
public sealed class MacroTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Rendering_fills_in_every_known_placeholder_wherever_it_stands_and_tolerates_spaces_inside_the_braces()
    {
        var macro = Macro.Create("Refund sent", "Dear {{customer.name}},\nyour refund for {{ case.number }} ({{case.subject}}) is on its way.\n{{agent.name}} / {{customer.name}}",
            CaseStatus.Resolved, null, null);

        var body = macro.RenderBody("Ada Lovelace", "CS-000042", "Broken kettle", "Sam Agent");

        Assert.Equal("Dear Ada Lovelace,\nyour refund for CS-000042 (Broken kettle) is on its way.\nSam Agent / Ada Lovelace", body);
    }

    [Fact]
    public void A_text_without_placeholders_is_sent_as_written()
    {
        Assert.Equal("Thanks, we are on it. {not a placeholder}", Macro.Create("Ack", "  Thanks, we are on it. {not a placeholder} ", null, null, null)
            .RenderBody("A", "CS-000001", "S", "B"));
    }

    [Fact]
    public void Unknown_placeholders_are_listed_once_each_as_written()
    {
        Assert.Equal(["customer.first_name", "order.id"], Macro.UnknownPlaceholders("Hi {{customer.first_name}} {{ order.id }} {{customer.first_name}} {{case.number}}"));
        Assert.Empty(Macro.UnknownPlaceholders("Hi {{customer.name}}, {{agent.name}} here about {{case.number}}: {{case.subject}}"));
        Assert.Empty(Macro.UnknownPlaceholders(null));
    }

    [Fact]
    public void The_validator_refuses_unknown_placeholders_an_empty_name_and_a_macro_that_does_nothing()
    {
        var validator = new MacroInputValidator();

        var typo = validator.Validate(new MacroInput("Greeting", "Hello {{customer.nmae}}"));
        var error = Assert.Single(typo.Errors);
        Assert.Equal(nameof(MacroInput.Body), error.PropertyName);
        Assert.Contains("Unknown placeholder {{customer.nmae}}", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("{{customer.name}}", error.ErrorMessage, StringComparison.Ordinal);

        var nothing = validator.Validate(new MacroInput(" ", "  "));
        Assert.Contains(nothing.Errors, e => e.PropertyName == nameof(MacroInput.Name) && e.ErrorMessage == "Give the macro a name.");
        Assert.Contains(nothing.Errors, e => e.PropertyName == nameof(MacroInput.Body) && e.ErrorMessage.StartsWith("Give the macro a reply or at least one action", StringComparison.Ordinal));

        Assert.True(validator.Validate(new MacroInput("Escalate", null, SetPriority: CasePriority.Urgent)).IsValid);
        Assert.False(validator.Validate(new MacroInput("Bad tag", null, AddTag: "a|b")).IsValid);
        Assert.False(validator.Validate(new MacroInput("Bad status", null, SetStatus: (CaseStatus)42)).IsValid);
    }

    [Fact]
    public void Describing_a_macro_names_its_parts_in_the_order_they_are_applied()
    {
        Assert.Equal("Replies, sets priority High, tags 'refund', sets status Resolved", Macro.Describe(true, CaseStatus.Resolved, CasePriority.High, "refund"));
        Assert.Equal("Sets priority Low", Macro.Describe(false, null, CasePriority.Low, null));
    }

    [Fact]
    public void Changing_the_priority_and_adding_a_tag_are_events_on_the_thread_and_repeats_change_nothing()
    {
        var serviceCase = ServiceCase.Open(1, "Late delivery", "Where is it?", Channel.Email, CasePriority.Normal, "agent", Now);
        var entries = serviceCase.Thread.Count;

        Assert.True(serviceCase.ChangePriority(CasePriority.Urgent, "agent", Now));
        Assert.False(serviceCase.ChangePriority(CasePriority.Urgent, "agent", Now));
        Assert.True(serviceCase.AddTag(" delivery ", "agent", Now));
        Assert.False(serviceCase.AddTag("DELIVERY", "agent", Now));

        Assert.Equal(CasePriority.Urgent, serviceCase.Priority);
        Assert.Equal(["delivery"], serviceCase.TagList);
        Assert.Equal(["Priority changed from Normal to Urgent.", "Tagged \"delivery\"."], serviceCase.Thread.Skip(entries).Select(e => e.Body));
    }

    [Fact]
    public void A_case_takes_no_more_tags_than_the_limit_and_a_closed_case_takes_no_triage()
    {
        var serviceCase = ServiceCase.Open(1, "Many tags", null, Channel.Email, CasePriority.Normal, "agent", Now);
        for (var i = 0; i < ServiceCase.MaxTags; i++)
        {
            serviceCase.AddTag($"t{i}", "agent", Now);
        }

        Assert.NotNull(serviceCase.TagRefusal("one-more"));
        Assert.Null(serviceCase.TagRefusal("T1"));
        Assert.Throws<ConflictException>(() => serviceCase.AddTag("one-more", "agent", Now));

        serviceCase.ChangeStatus(CaseStatus.Resolved, "agent", Now);
        serviceCase.ChangeStatus(CaseStatus.Closed, "agent", Now);
        Assert.Throws<ConflictException>(() => serviceCase.ChangePriority(CasePriority.High, "agent", Now));
    }

    [Fact]
    public void Status_moves_a_macro_may_make_follow_the_case_rules()
    {
        Assert.True(ServiceCase.MayMove(CaseStatus.Open, CaseStatus.Resolved));
        Assert.True(ServiceCase.MayMove(CaseStatus.Resolved, CaseStatus.Closed));
        Assert.False(ServiceCase.MayMove(CaseStatus.New, CaseStatus.Closed));
        Assert.False(ServiceCase.MayMove(CaseStatus.Closed, CaseStatus.Open));
    }
}
