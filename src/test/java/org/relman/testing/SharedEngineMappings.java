package org.relman.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.apache.ibatis.session.defaults.DefaultSqlSession;
import org.apache.ibatis.transaction.Transaction;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Each engine the unit and process tests start parses Operaton's SQL mappings (some 60 MyBatis XML files) into the
 * same statements: almost half of a Spring context's start, and a test JVM starts several contexts (LDAP, OIDC,
 * promotion settings, ...). With {@value #SHARE} (surefire sets it), the first engine of each kind of database in a JVM
 * parses them as usual, and the engines after it reuse its parsed statements, each with its own data source and
 * transactions: only what was parsed is shared, never a connection. Production, the browser tests and the MariaDB
 * tests parse as Operaton does.
 */
@AutoConfiguration
@ConditionalOnProperty(SharedEngineMappings.SHARE)
public class SharedEngineMappings {

  static final String SHARE = "relman.test.share-engine-mappings";

  /** Parsed statements by what they depend on: the database type, the table prefix and batch processing. */
  private static final Map<List<Object>, Configuration> PARSED = new ConcurrentHashMap<>();

  @Bean
  AbstractProcessEnginePlugin sharedEngineMappings() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl engine) {
        if (engine.getSqlSessionFactory() != null) {
          return;
        }
        engine.initDatabaseType();
        Configuration parsed = PARSED.get(key(engine));
        if (parsed != null) {
          engine.setSqlSessionFactory(new OwnDataSource(parsed, engine));
        }
      }

      @Override
      public void postInit(ProcessEngineConfigurationImpl engine) {
        if (!(engine.getSqlSessionFactory() instanceof OwnDataSource)) {
          PARSED.putIfAbsent(key(engine), engine.getSqlSessionFactory().getConfiguration());
        }
      }
    };
  }

  private static List<Object> key(ProcessEngineConfigurationImpl engine) {
    return List.of(String.valueOf(engine.getDatabaseType()), String.valueOf(engine.getDatabaseTablePrefix()),
        engine.isJdbcBatchProcessing(), String.valueOf(engine.getDatabaseSchema()));
  }

  /**
   * Sessions over statements another engine parsed, on this engine's data source and transaction factory: what
   * MyBatis's own factory does with the environment of its configuration.
   */
  private static final class OwnDataSource implements SqlSessionFactory {

    private final Configuration parsed;
    private final ProcessEngineConfigurationImpl engine;

    OwnDataSource(Configuration parsed, ProcessEngineConfigurationImpl engine) {
      this.parsed = parsed;
      this.engine = engine;
    }

    @Override
    public SqlSession openSession() {
      return open(parsed.getDefaultExecutorType(), null, false);
    }

    @Override
    public SqlSession openSession(boolean autoCommit) {
      return open(parsed.getDefaultExecutorType(), null, autoCommit);
    }

    @Override
    public SqlSession openSession(Connection connection) {
      return open(parsed.getDefaultExecutorType(), connection);
    }

    @Override
    public SqlSession openSession(TransactionIsolationLevel level) {
      return open(parsed.getDefaultExecutorType(), level, false);
    }

    @Override
    public SqlSession openSession(ExecutorType execType) {
      return open(execType, null, false);
    }

    @Override
    public SqlSession openSession(ExecutorType execType, boolean autoCommit) {
      return open(execType, null, autoCommit);
    }

    @Override
    public SqlSession openSession(ExecutorType execType, TransactionIsolationLevel level) {
      return open(execType, level, false);
    }

    @Override
    public SqlSession openSession(ExecutorType execType, Connection connection) {
      return open(execType, connection);
    }

    @Override
    public Configuration getConfiguration() {
      return parsed;
    }

    private SqlSession open(ExecutorType type, TransactionIsolationLevel level, boolean autoCommit) {
      Transaction transaction =
          engine.getTransactionFactory().newTransaction(engine.getDataSource(), level, autoCommit);
      return session(type, transaction, autoCommit);
    }

    private SqlSession open(ExecutorType type, Connection connection) {
      boolean autoCommit;
      try {
        autoCommit = connection.getAutoCommit();
      } catch (SQLException e) {
        autoCommit = true;
      }
      return session(type, engine.getTransactionFactory().newTransaction(connection), autoCommit);
    }

    private SqlSession session(ExecutorType type, Transaction transaction, boolean autoCommit) {
      Executor executor = parsed.newExecutor(transaction, type);
      return new DefaultSqlSession(parsed, executor, autoCommit);
    }
  }
}
