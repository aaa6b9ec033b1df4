package org.relman.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.ibatis.scripting.xmltags.OgnlCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL mappings' property reads with {@link SqlPropertyReads} installed answer what OGNL's own would: a getter, a
 * method named like the property (as the engine's queries have: {@code isTenantIdSet}), a field, read afresh each time
 * (the method is remembered, never its value), and a failing method's exception.
 */
class SqlPropertyReadsTest {

  @BeforeAll
  static void install() {
    SqlPropertyReads.install();
  }

  @SuppressWarnings("unused")
  public static class Query {
    private String tenantId;
    private boolean orQueryActive;
    protected String processInstanceId = "4711";

    public String getTenantId() {
      return tenantId;
    }

    public boolean isTenantIdSet() {
      return tenantId != null;
    }

    public boolean isOrQueryActive() {
      return orQueryActive;
    }

    public boolean isBroken() {
      throw new IllegalStateException("no such column");
    }
  }

  @Test
  void methodNamedLikeThePropertyIsReadAfreshEachTime() throws Exception {
    Query query = new Query();
    assertThat(org.apache.ibatis.ognl.OgnlRuntime.getPropertyAccessor(Query.class))
        .isInstanceOf(SqlPropertyReads.class);

    assertThat(OgnlCache.getValue("isTenantIdSet", query)).isEqualTo(false);
    query.tenantId = "acme";
    assertThat(OgnlCache.getValue("isTenantIdSet", query)).isEqualTo(true);
    assertThat(OgnlCache.getValue("isTenantIdSet and !isOrQueryActive", query)).isEqualTo(true);
  }

  @Test
  void getterAndFieldAreReadAsOgnlReadsThem() {
    Query query = new Query();
    query.tenantId = "acme";

    assertThat(OgnlCache.getValue("tenantId", query)).isEqualTo("acme");
    assertThat(OgnlCache.getValue("processInstanceId", query)).as("a field without getter").isEqualTo("4711");
    assertThat(OgnlCache.getValue("processInstanceId != null", query)).isEqualTo(true);
  }

  @Test
  void failingMethodFailsTheReadNamingItsCause() {
    assertThatThrownBy(() -> OgnlCache.getValue("isBroken", new Query()))
        .hasStackTraceContaining("no such column");
  }

  @Test
  void propertyNobodyHasIsAnError() {
    assertThatThrownBy(() -> OgnlCache.getValue("noSuchProperty", new Query()))
        .hasMessageContaining("noSuchProperty");
  }
}
