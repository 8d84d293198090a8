namespace Crm.Service.Features.Generate;

/// <summary>What customers write about and what agents answer, by category: the texts of generated cases.</summary>
internal static class CaseScripts
{
    /// <summary>A kind of request: its category, subjects, the customer's first message, the agent's first reply and the solution.</summary>
    public sealed record Topic(string Category, string[] Subjects, string[] Descriptions, string[] FirstReplies, string[] Solutions, string ThirdParty);

    public static readonly Topic[] Topics =
    [
        new("Delivery",
            ["Parcel has not arrived", "Tracking has not updated for a week", "Parcel delivered to the wrong address", "Can I change the delivery address?",
             "Express delivery did not arrive the next day", "Driver left the parcel outside in the rain"],
            ["I ordered ten days ago and the parcel is still not here. The tracking link says it is 'in transit'.",
             "The tracking page has shown the same status since last Monday. Can you check with the carrier?",
             "The carrier says it was delivered, but not to us: the photo shows a door that is not ours.",
             "We are moving office next week. Can the open order still go to the new address?",
             "I paid for express delivery and it came two days late. I would like the express fee back."],
            ["Thanks for letting us know. I have asked the carrier where the parcel is and will come back to you as soon as they answer.",
             "Sorry about the delay. I can see the parcel at the carrier's depot; I have asked them to deliver it first thing tomorrow.",
             "I am sorry to hear that. I have opened an investigation with the carrier and will keep you posted here."],
            ["The carrier found the parcel and delivered it this morning. I have refunded the delivery fee as an apology.",
             "The parcel was lost by the carrier, so we have sent a replacement by express delivery at no cost.",
             "The address on the order is changed; the new expected delivery date is in the confirmation we just sent."],
            "the carrier"),
        new("Orders",
            ["Wrong item in my order", "Item missing from my order", "Order still not shipped", "Please cancel my order",
             "Invoice shows the wrong quantity", "Can I add an item to my open order?"],
            ["The box contained a black chair, but we ordered the grey one. Please advise.",
             "Two of the five items are missing from the delivery. The packing slip lists all five.",
             "The order was placed two weeks ago and is still marked as 'confirmed'. When will it ship?",
             "We ordered the same items twice by mistake. Please cancel the second order.",
             "We received 10 units but were invoiced for 12."],
            ["Thank you for the details and sorry for the trouble. Could you send us a photo of the label on the box?",
             "Sorry about that. I am checking with the warehouse what happened to the missing items.",
             "Thanks for your message. I am looking into the order now and will update you today."],
            ["The correct item is on its way and a prepaid label for the wrong one is attached.",
             "The missing items were shipped separately today; tracking is in the email we just sent.",
             "The order is cancelled and the payment refunded; you will see it within five working days.",
             "We corrected the invoice; the credit note is attached to this case."],
            "the warehouse"),
        new("Returns",
            ["Return label is not working", "Refund not received yet", "How do I return a gift?", "I want to return a faulty item",
             "Refund for my returned parcel", "Return request for a damaged desk"],
            ["The return label from the website gives an error when I try to print it.",
             "I sent the parcel back three weeks ago and the refund has not arrived yet.",
             "I received a gift from your shop that does not fit. How can I exchange it without the receipt?",
             "The item stopped working after two days. I would like to send it back for a refund.",
             "The desk arrived with a cracked leg. I would like to return it."],
            ["Thanks for getting in touch. I have created a new return label for you; it is attached to this message.",
             "Sorry for the wait. I have asked our returns team whether your parcel has been received.",
             "I am sorry about that. Could you send us a photo of the damage so we can arrange the return?"],
            ["Your refund has been issued today; it takes up to five working days to show on your statement.",
             "The return has been received and the exchange item was sent this morning.",
             "A carrier will pick up the item on Thursday and we have refunded the full amount."],
            "the returns centre"),
        new("Technical",
            ["Cannot sign in to my account", "Device does not switch on", "App shows an error at checkout", "Monitor flickers after an update",
             "Password reset email never arrives", "Docking station not recognised"],
            ["Since yesterday the website tells me my password is wrong, but I have not changed it.",
             "The new headset does not switch on, even after charging it overnight.",
             "At checkout the app says 'Something went wrong (code 502)'. I tried three times.",
             "After the last firmware update the screen flickers every few seconds.",
             "I asked for a password reset several times but no email arrives."],
            ["Thanks for the report. Could you tell us which browser and version you use, and send a screenshot of the error?",
             "Sorry to hear that. Could you try a different cable and let us know whether the light comes on?",
             "Thank you. I have passed the details to our technical team and will update you here."],
            ["Our technical team fixed the problem; please try again and let us know if it still happens.",
             "The firmware rollback in the attached guide solves the flicker; a fixed update follows next month.",
             "The device was faulty: a replacement is on its way and a return label is attached."],
            "the manufacturer"),
        new("Billing",
            ["Charged twice for one order", "Question about my invoice", "VAT number missing on the invoice", "Payment declined but money taken",
             "Please send invoices to our accounts team"],
            ["My card statement shows two payments for the same order.",
             "The invoice total does not match the order confirmation. Can you explain the difference?",
             "Our VAT number is missing on the last three invoices; we need corrected copies.",
             "The payment failed at checkout, but the amount was taken from my account anyway.",
             "From now on please send all invoices to accounts@ our company domain instead of to me."],
            ["Thanks for letting us know. I am checking the payments with our finance team.",
             "Thank you for your message. Could you send us the invoice number so I can look into it?"],
            ["The second payment has been refunded; you will see it within three working days.",
             "The corrected invoices with your VAT number are attached.",
             "The billing contact is updated: future invoices go to your accounts team."],
            "the payment provider"),
    ];

    /// <summary>A complaint that goes to the VIP queue (its subject names the complaint).</summary>
    public static readonly Topic Complaint = new("Orders",
        ["Complaint: third late delivery this month", "Complaint about the service on the phone", "Escalation: order for our opening next week",
         "Complaint: damaged goods again"],
        ["This is the third time this month that our delivery is late. We are a key customer and expect better.",
         "I was put on hold for 40 minutes yesterday and then the call was dropped. I want to speak to a manager.",
         "Our new store opens on Monday and half of the fittings are still missing. Please escalate this."],
        ["I am very sorry about this. I have taken over your case personally and will call you today.",
         "Thank you for telling us, and my apologies. I am looking into every order of this month now."],
        ["We have set up a dedicated delivery slot for your orders and credited this month's delivery fees.",
         "Everything missing was delivered by courier this morning; we will check in after your opening."],
        "the carrier");

    public static readonly string[] Notes =
    [
        "Long-standing customer, be generous.", "Checked the order history: no earlier problems.", "Called the customer, no answer; replied by email instead.",
        "Similar case last month, same cause.", "Discussed with the supervisor: goodwill refund approved.", "Customer prefers email over phone.",
    ];

    public static readonly string[] AskCustomer =
    [
        "Could you send us your order number and a photo, please? Then we can go ahead.",
        "Could you confirm the delivery address we should use?",
        "Could you tell us when someone is on site to receive the parcel?",
        "Could you try once more and let us know whether the problem is still there?",
    ];

    public static readonly string[] CustomerAnswers =
    [
        "Here is the photo and the order number.", "Yes, that address is correct.", "Someone is there every weekday from 9 to 5.",
        "I tried again and it still does not work.", "Thanks, that helps. One more question: will it arrive before Friday?",
        "Any news? I have not heard from you.",
    ];

    public static readonly string[] Thanks =
    [
        "Thank you, that solved it.", "Great, received it today. Thanks!", "Thanks for the quick help.",
    ];
}
