using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Issue17Escalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EscalationRules",
                table: "Service_SlaPolicies",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "MinimumTier",
                table: "Service_SlaPolicies",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "QueueId",
                table: "Service_SlaPolicies",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "UseQueueCalendar",
                table: "Service_SlaPolicies",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "CalendarId",
                table: "Service_Queues",
                type: "bigint",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "Service_SlaPolicies",
                keyColumn: "Id",
                keyValue: 1L,
                columns: new[] { "EscalationRules", "MinimumTier", "QueueId", "UseQueueCalendar" },
                values: new object[] { "[]", null, null, false });

            migrationBuilder.CreateIndex(
                name: "IX_Service_SlaPolicies_QueueId",
                table: "Service_SlaPolicies",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Queues_CalendarId",
                table: "Service_Queues",
                column: "CalendarId");

            migrationBuilder.AddForeignKey(
                name: "FK_Service_Queues_Service_Calendars_CalendarId",
                table: "Service_Queues",
                column: "CalendarId",
                principalTable: "Service_Calendars",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Service_SlaPolicies_Service_Queues_QueueId",
                table: "Service_SlaPolicies",
                column: "QueueId",
                principalTable: "Service_Queues",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Service_Queues_Service_Calendars_CalendarId",
                table: "Service_Queues");

            migrationBuilder.DropForeignKey(
                name: "FK_Service_SlaPolicies_Service_Queues_QueueId",
                table: "Service_SlaPolicies");

            migrationBuilder.DropIndex(
                name: "IX_Service_SlaPolicies_QueueId",
                table: "Service_SlaPolicies");

            migrationBuilder.DropIndex(
                name: "IX_Service_Queues_CalendarId",
                table: "Service_Queues");

            migrationBuilder.DropColumn(
                name: "EscalationRules",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "MinimumTier",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "QueueId",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "UseQueueCalendar",
                table: "Service_SlaPolicies");

            migrationBuilder.DropColumn(
                name: "CalendarId",
                table: "Service_Queues");
        }
    }
}
